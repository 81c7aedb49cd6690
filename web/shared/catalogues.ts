type Tree = { [key: string]: string | Tree };

function deepMerge(into: Tree, from: Tree): Tree {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    into[key] =
      typeof value === 'object' && typeof existing === 'object' ? deepMerge({ ...existing }, value) : value;
  }
  return into;
}

/**
 * A shell's catalogue is every JSON file under its locales/<language>/ folder, deep-merged: each page
 * keeps its texts in a file of its own (its menu title under "menu" too), and a test checks both
 * languages have the same keys.
 */
export function mergeCatalogues(files: Record<string, unknown>): Tree {
  let merged: Tree = {};
  for (const mod of Object.values(files)) {
    const data = (mod as { default?: Tree }).default ?? (mod as Tree);
    merged = deepMerge(merged, data);
  }
  return merged;
}
