/**
 * The owners' assembly API as both shells read it (src/modules/votes/views.ts, report.ts, me.ts):
 * one description of the shapes, so the resident's ballot and the console's desk agree. Pure: no
 * texts (each shell has its own catalogue), no I/O.
 */

export type AssemblyStatus =
  'draft' | 'announced' | 'voting' | 'closed' | 'published' | 'archived' | 'cancelled';
export type MatterKind = 'ordinary' | 'special' | 'election';
export type MotionChoice = 'yes' | 'no' | 'abstain';
export const motionChoices: readonly MotionChoice[] = ['yes', 'no', 'abstain'];

export interface Assembly {
  id: string;
  communityId: string;
  compoundId: string;
  compoundName: string;
  title: string;
  description: string | null;
  status: AssemblyStatus;
  publicVotes: boolean;
  noticeDays: number;
  votingStartsAt: number;
  votingEndsAt: number;
  originalEndsAt: number | null;
  extensionReason: string | null;
  extendedAt: number | null;
  totalAreaCenti: number | null;
  totalArea: string | null;
  totalHeads: number | null;
  roomCount: number | null;
  announcedAt: number | null;
  openedAt: number | null;
  closedAt: number | null;
  publishedAt: number | null;
  archivedAt: number | null;
  cancelledAt: number | null;
  cancelReason: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A file attached to a matter: the plan, the budget, the draft convention. */
export interface Attachment {
  id: string;
  name: string;
  mime: string;
  size: number;
}

/** What kind of file it is, in a word the catalogues translate: pdf, image, other. */
export const attachmentKind = (a: Pick<Attachment, 'mime'>) =>
  a.mime === 'application/pdf' ? 'pdf' : a.mime.startsWith('image/') ? 'image' : 'other';

/** A size people read: 820 KB, 2.4 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export interface Matter {
  id: string;
  assemblyId: string;
  position: number;
  item: number;
  itemName: string;
  kind: MatterKind;
  title: string;
  description: string | null;
  seats: number | null;
  attachments: Attachment[];
  candidatesPublishedAt: number | null;
  ballotCount: number;
  headHash: string;
  withdrawnAt: number | null;
}

/** A candidate on a published list, as owners see it: `id` is the key ballots name (c1…). */
export interface ListedCandidate {
  id: string;
  name: string;
  nomination: 'self' | 'organisation' | 'joint';
  organisation: string | null;
  statement: string;
  photoFileId: string | null;
}

export interface MyVoter {
  voter: string;
  rooms: string[];
  areaCenti: number;
  self: boolean;
  delegate: { personId: string; name: string } | null;
  coOwners: { personId: string; name: string }[];
}

export interface MyBallot {
  matterId: string;
  voter: string;
  seq: number;
  choice: string | null;
  choices: string[] | null;
  receipt: string;
  channel: 'online' | 'paper' | 'proxy';
  castAt: number;
  counted: boolean;
}

/** My own candidacy in an election, as the self-nomination screen shows it. */
export interface MyCandidacy {
  id: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  statement: string;
  photoFileId: string | null;
  createdAt: number;
  decidedAt: number | null;
}

export interface MyAssembly extends Assembly {
  matters: (Matter & {
    candidates: ListedCandidate[];
    /** An election whose list is open, and I own a home in the compound: I may put myself forward. */
    candidacyOpen: boolean;
    myCandidacy: MyCandidacy | null;
  })[];
  voters: MyVoter[];
  ballots: MyBallot[];
}

/** One ballot a receipt leads to (GET /me/receipts/:hash answers a list: usually one). */
export interface Receipt {
  receipt: string;
  inChain: true;
  chainIntact: boolean;
  counted: boolean;
  assemblyId: string;
  assemblyTitle: string;
  matterId: string;
  matterTitle: string;
  seq: number;
  voter: string;
  choice: string | null;
  choices: string[] | null;
  channel: 'online' | 'paper' | 'proxy';
  castAt: number;
}

export interface ReceiptCheck {
  receipt: string;
  ballots: Receipt[];
}

export interface CheckLine {
  key: 'quorum_area' | 'quorum_heads' | 'approval_area' | 'approval_heads';
  met: boolean;
  share: string;
  threshold: string;
  relation: string;
  mark: string;
  /** The line in the reader's language, as the server words it: "参与表决人数占比 68.2% ≥ 2/3 ✓". */
  text: string;
}

export interface Side {
  areaCenti: number;
  area: string;
  heads: number;
}

export interface MatterResult {
  matterId: string;
  position: number;
  item: number;
  itemName: string;
  kind: MatterKind;
  title: string;
  seats: number | null;
  figures: {
    totalAreaCenti: number;
    totalArea: string;
    totalHeads: number;
    participatingAreaCenti: number;
    participatingArea: string;
    participatingHeads: number;
    quorumArea: boolean;
    quorumHeads: boolean;
    quorum: boolean;
    rejectedBallots: number;
    spoiltBallots: number;
  };
  yes: Side | null;
  no: Side | null;
  abstain: Side | null;
  checks: CheckLine[];
  outcome: 'passed' | 'rejected' | 'no_quorum' | 'elected' | 'runoff';
  outcomeText: string;
  passed: boolean | null;
  candidates: {
    id: string;
    name: string;
    areaCenti: number;
    area: string;
    heads: number;
    passes: boolean;
    elected: boolean;
    checks: CheckLine[];
  }[];
  runoff: boolean | null;
  finalHash: string;
  ballotCount: number;
  participatingRooms: string[];
  votes: { room: string; choice: string | null; choices: string[] | null }[] | null;
}

export interface Results {
  publishedAt: number | null;
  matters: MatterResult[];
}

/** What a door said (扫楼), as canvassers record it. */
export const canvassOutcomes = ['contacted', 'voted', 'refused', 'unreachable', 'needs_paper'] as const;
export type CanvassOutcome = (typeof canvassOutcomes)[number];

/** One building I am assigned to canvass, as GET /me/canvass lists it. */
export interface MyCanvassAssignment {
  assignmentId: string;
  communityId: string;
  assemblyId: string;
  assemblyTitle: string;
  assemblyStatus: AssemblyStatus;
  votingStartsAt: number;
  votingEndsAt: number;
  compoundName: string;
  buildingId: string;
  buildingName: string;
}

/** A receipt as people can read it aloud: the first and last eight characters. */
export const shortHash = (hash: string) =>
  hash.length > 20 ? `${hash.slice(0, 8)}…${hash.slice(-8)}` : hash;

/** What a receipt looks like: the chain's sha256, 64 lowercase hex characters. */
export const receiptPattern = /^[0-9a-f]{64}$/;

/** An outcome that went the motion's way (passed, or someone elected). */
export const favourable = (r: Pick<MatterResult, 'outcome'>) =>
  r.outcome === 'passed' || r.outcome === 'elected';
