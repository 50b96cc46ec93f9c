// Interests are compared singular/plural-insensitively and case-insensitively: "Dinosaurs" and
// "dinosaur" are one interest, "board games" and "board game" too. Every word of a phrase is made
// singular, so the comparison does not depend on which word is the head.

/** Words ending in s that are not plurals (or whose singular is the same word). */
const NOT_PLURAL = new Set([
  'chess',
  'dress',
  'glass',
  'glasses',
  'grass',
  'class',
  'news',
  'series',
  'species',
  'maths',
  'physics',
  'athletics',
  'gymnastics',
  'outdoors',
  'lens',
  'bus',
  'gas',
  'canvas',
  'christmas',
  'cactus',
  'octopus',
  'platypus',
  'asparagus',
  'hippopotamus',
  'walrus',
  'pegasus',
  'bonus',
  'circus',
  'pokemon',
  'lego',
  'yes',
  'this',
  'is',
  'was',
  'has',
  'his',
  'its',
  'us',
]);

const IRREGULAR_PLURALS: Record<string, string> = {
  children: 'child',
  people: 'person',
  mice: 'mouse',
  geese: 'goose',
  feet: 'foot',
  teeth: 'tooth',
  knives: 'knife',
  wolves: 'wolf',
  leaves: 'leaf',
  halves: 'half',
  women: 'woman',
  men: 'man',
  dice: 'die',
  fungi: 'fungus',
  cacti: 'cactus',
  heroes: 'hero',
  volcanoes: 'volcano',
  tomatoes: 'tomato',
  potatoes: 'potato',
  dominoes: 'domino',
  mangoes: 'mango',
};

/** The singular of one lower-case English word; words that are not plurals come back unchanged. */
export function singular(word: string): string {
  const w = word.toLowerCase();
  if (IRREGULAR_PLURALS[w]) return IRREGULAR_PLURALS[w];
  if (w.length <= 3 || NOT_PLURAL.has(w) || !w.endsWith('s') || /(ss|us|is)$/.test(w)) return w;
  if (/[^aeiou]ies$/.test(w)) return `${w.slice(0, -3)}y`;
  if (/(ches|shes|xes|zzes|sses)$/.test(w)) return w.slice(0, -2);
  return w.slice(0, -1);
}

/** The form interests are stored and compared in: lower case, single spaces, every word singular. */
export function interestKey(interest: string): string {
  return interest.toLowerCase().trim().split(/\s+/).filter(Boolean).map(singular).join(' ');
}

/** The form an interest is kept and shown in: lower case, single spaces, its last word singular. */
export function interestName(interest: string): string {
  const words = interest.toLowerCase().trim().split(/\s+/).filter(Boolean);
  if (words.length > 0) words[words.length - 1] = singular(words[words.length - 1]);
  return words.join(' ');
}
