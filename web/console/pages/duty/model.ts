/** The shapes the duty roster pages read (src/modules/patrols: duty places, shifts, swaps). */

export interface ShiftSlot {
  code: string;
  label: string;
  start: string;
  end: string;
}

export interface DutyPlace {
  id: string;
  communityId: string;
  compoundId: string | null;
  compoundName: string | null;
  squadId: string | null;
  squadName: string | null;
  name: string;
  kind: 'station' | 'site' | 'other';
  shiftPattern: ShiftSlot[];
  archivedAt: number | null;
}

export interface DutyShift {
  id: string;
  placeId: string;
  date: string;
  slotCode: string;
  personId: string;
  name: string;
  state: 'planned' | 'swapped' | 'cancelled';
}

export const placeKinds = ['station', 'site', 'other'] as const;
