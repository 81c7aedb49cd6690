/** The kinds of volunteer squad in the articles; the API and the console both read this list. Pure. */
export const squadTypes = [
  'publicity_arts', // 宣教文艺
  'environment', // 环保卫生
  'safety_patrol', // 安全巡逻
  'mediation', // 矛盾调处
  'care', // 爱心帮困
  'repair', // 维修服务
  'general',
] as const;
export type SquadType = (typeof squadTypes)[number];
