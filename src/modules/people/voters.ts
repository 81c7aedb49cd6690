/**
 * Who votes for which room in an owners' assembly (DESIGN §6, Civil Code art. 278 and the SPC
 * interpretation on building differentiated ownership, arts. 8–9). Pure: rooms and their current
 * ownerships in, each room's voter and the totals out.
 *
 * - Co-owners of a room share one voter: the ownership marked as voter, else the earliest created.
 * - A person owning several rooms is one voter (one head) for all of them.
 * - All the developer's unsold or undelivered rooms together are one voter, keyed 'developer'.
 * - A room with no current owner has no voter.
 */

export const developerKey = 'developer';

export interface RoomArea {
  id: string;
  /** Registered exclusive area in hundredths of m². */
  areaCenti: number;
}

export interface OwnershipFact {
  id: string;
  roomId: string;
  /** The owning person; null for the developer. */
  personId: string | null;
  isDeveloper: boolean;
  isVoter: boolean;
  createdAt: number;
}

export interface RoomVoter {
  roomId: string;
  areaCenti: number;
  /** A person's id, 'developer', or null when nobody owns the room. */
  voter: string | null;
  /** The ownership that carries the room's vote. */
  ownershipId: string | null;
}

export interface Electorate {
  rooms: RoomVoter[];
  /** Area of every room, owned or not: a room missing its owner still counts in the denominator. */
  totalAreaCenti: number;
  /** Distinct voters (人数). */
  heads: number;
}

/** Whose vote an ownership carries; null for a malformed row (neither a person nor the developer). */
export function voterKey(o: Pick<OwnershipFact, 'personId' | 'isDeveloper'>): string | null {
  if (o.isDeveloper) return developerKey;
  return o.personId;
}

/** Among one room's current ownerships, the one that votes: marked first, then earliest created, then id. */
export function roomVoter<T extends OwnershipFact>(ownerships: readonly T[]): T | undefined {
  const valid = ownerships.filter((o) => voterKey(o) !== null);
  return [...valid].sort(
    (a, b) =>
      Number(b.isVoter) - Number(a.isVoter) ||
      a.createdAt - b.createdAt ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )[0];
}

export function electorate(rooms: readonly RoomArea[], ownerships: readonly OwnershipFact[]): Electorate {
  const byRoom = new Map<string, OwnershipFact[]>();
  for (const o of ownerships) {
    const list = byRoom.get(o.roomId);
    if (list) list.push(o);
    else byRoom.set(o.roomId, [o]);
  }
  const voters = new Set<string>();
  let totalAreaCenti = 0;
  const result = rooms.map((room): RoomVoter => {
    totalAreaCenti += room.areaCenti;
    const chosen = roomVoter(byRoom.get(room.id) ?? []);
    const voter = chosen ? voterKey(chosen) : null;
    if (voter !== null) voters.add(voter);
    return { roomId: room.id, areaCenti: room.areaCenti, voter, ownershipId: chosen?.id ?? null };
  });
  return { rooms: result, totalAreaCenti, heads: voters.size };
}
