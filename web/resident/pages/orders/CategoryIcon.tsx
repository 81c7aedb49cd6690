/**
 * A line drawing for each default category (a community's own categories get the tag), drawn here
 * rather than taken from an icon font so the phone downloads a few hundred bytes, not a library.
 */
const drawings: Record<string, string> = {
  utilities_repair:
    'M14.7 6.3a4 4 0 0 0-5.3 5.3L3.5 17.5a1.5 1.5 0 0 0 3 3l5.9-5.9a4 4 0 0 0 5.3-5.3l-2.6 2.6-2.3-.5-.5-2.3z',
  drain_clearing:
    'M3 6h8a6 6 0 0 1 6 6v8M3 10h8a2 2 0 0 1 2 2v8M19 4c1.5 2 2 3 2 4a2 2 0 0 1-4 0c0-1 .5-2 2-4z',
  appliance_repair: 'M4 5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zM8 21h8M12 17v4',
  home_haircut:
    'M6 3.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM6 15.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM8.2 7.2 20 19M8.2 16.8 20 5',
  policy_advice: 'M4 4h16v12H10l-5 4v-4H4zM12 8v.01M12 10.5V13',
  paperwork: 'M3 5h18v14H3zM8 9a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM5 16.5a3 3 0 0 1 6 0M14 10h4M14 14h4',
  book_lending: 'M2 5h7a3 3 0 0 1 3 3v12a2 2 0 0 0-2-2H2zM22 5h-7a3 3 0 0 0-3 3v12a2 2 0 0 1 2-2h8z',
  job_information:
    'M4 7h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1zM9 7V4h6v3M3 13h18',
  sanitation: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6',
  safety_hazard: 'M12 3 2 20h20zM12 9v5M12 17v.01',
  neighbour_dispute:
    'M8 5a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM16 5a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM2 20a6 6 0 0 1 12 0M10 20a6 6 0 0 1 12 0',
  other: 'M5 12h.01M12 12h.01M19 12h.01',
};
const tag = 'M3 3h8l10 10-8 8L3 11zM7.5 7.5h.01';

export function CategoryIcon({ code }: { code: string }) {
  return (
    <svg
      className="category-icon"
      viewBox="0 0 24 24"
      width="32"
      height="32"
      aria-hidden
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth={code === 'other' ? 3 : 1.6}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={drawings[code] ?? tag} />
    </svg>
  );
}
