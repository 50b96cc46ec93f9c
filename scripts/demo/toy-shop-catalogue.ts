// The toy shop's catalogue for `npm start`'s demo: written by hand so every product reads like a
// real one (age range, material, brand, category, price). The brands are made up.
export interface CatalogueEntry {
  id: string;
  title: string;
  brand: string;
  categoryPath: string[];
  /** Euro cents. */
  cents: number;
  minMonths: number;
  maxMonths?: number;
  material: string;
  color: string;
  description: string;
  /** Extra attributes beyond material and colour (pieces, batteries, …). */
  extra?: Record<string, string>;
}

const TRAINS = ['Toys', 'Wooden Toys', 'Train Sets'];
const PUZZLES = ['Toys', 'Puzzles', 'Jigsaw Puzzles'];
const PLUSH = ['Toys', 'Plush'];
const BLOCKS = ['Toys', 'Building Blocks'];
const DINOS = ['Toys', 'Dinosaurs'];
const BOARD_GAMES = ['Games', 'Board Games'];
const CRAFTS = ['Arts & Crafts', 'Drawing'];
const OUTDOOR = ['Outdoor', 'Garden Play'];
const BABY = ['Baby', 'Baby Toys'];
const ELECTRONICS = ['Electronics', 'Kids Electronics'];
const GIFT_CARDS = ['Gift Cards'];
const STICKERS = ['Arts & Crafts', 'Stickers'];

// prettier-ignore
export const CATALOGUE: CatalogueEntry[] = [
  // Wooden trains: the shop's best sellers, bought together with their extensions.
  { id: 'p-wooden-train', title: 'Wooden Train Set with Magnetic Wagons', brand: 'Oakleaf', categoryPath: TRAINS, cents: 3499, minMonths: 36, material: 'beech wood', color: 'natural', description: 'A 24-piece train set made of beech wood with magnetic couplings, for children from 3 years.', extra: { pieces: '24' } },
  { id: 'p-track-extension', title: 'Train Track Extension Pack', brand: 'Oakleaf', categoryPath: TRAINS, cents: 1999, minMonths: 36, material: 'beech wood', color: 'natural', description: 'Sixteen curved and straight beech wood tracks that fit every Oakleaf train.', extra: { pieces: '16' } },
  { id: 'p-wooden-bridge', title: 'Wooden Railway Bridge', brand: 'Oakleaf', categoryPath: TRAINS, cents: 1499, minMonths: 36, material: 'beech wood', color: 'natural', description: 'An arched bridge with two ramps for the wooden railway.' },
  { id: 'p-train-station', title: 'Country Train Station', brand: 'Oakleaf', categoryPath: TRAINS, cents: 2799, minMonths: 36, material: 'beech wood', color: 'red', description: 'A station with a platform, a clock and a ticket office, painted with water-based paint.' },
  { id: 'p-battery-engine', title: 'Battery Engine for Wooden Railways', brand: 'Oakleaf', categoryPath: TRAINS, cents: 2299, minMonths: 36, material: 'beech wood', color: 'blue', description: 'A motorised engine that pulls up to five wagons. Requires 2 AA batteries.', extra: { batteries: '2 x AA' } },
  // Puzzles.
  { id: 'p-puzzle-farm', title: 'Farm Animals Floor Puzzle', brand: 'Tinkerhaus', categoryPath: PUZZLES, cents: 1699, minMonths: 24, maxMonths: 60, material: 'cardboard', color: 'multicolour', description: 'A 24-piece floor puzzle of a farm with extra thick pieces.', extra: { pieces: '24' } },
  { id: 'p-puzzle-world', title: 'World Map Puzzle', brand: 'Tinkerhaus', categoryPath: PUZZLES, cents: 2199, minMonths: 72, material: 'cardboard', color: 'multicolour', description: 'A 200-piece map of the world with animals and landmarks.', extra: { pieces: '200' } },
  { id: 'p-puzzle-space', title: 'Solar System Puzzle', brand: 'Tinkerhaus', categoryPath: PUZZLES, cents: 1899, minMonths: 60, material: 'cardboard', color: 'multicolour', description: 'A 100-piece puzzle of the planets that glows in the dark.', extra: { pieces: '100' } },
  { id: 'p-puzzle-wooden-shapes', title: 'Wooden Shape Sorter Puzzle', brand: 'Oakleaf', categoryPath: PUZZLES, cents: 1299, minMonths: 12, maxMonths: 36, material: 'birch wood', color: 'multicolour', description: 'Nine chunky wooden shapes with knobs for small hands.', extra: { pieces: '9' } },
  { id: 'p-puzzle-alpine', title: 'Alpine Lake Jigsaw Puzzle', brand: 'Northwind Games', categoryPath: PUZZLES, cents: 1999, minMonths: 144, material: 'cardboard', color: 'multicolour', description: 'A 1000-piece jigsaw of a lake in the Alps.', extra: { pieces: '1000' } },
  { id: 'p-puzzle-ocean', title: 'Ocean Friends Puzzle Box', brand: 'Tinkerhaus', categoryPath: PUZZLES, cents: 1499, minMonths: 36, material: 'cardboard', color: 'blue', description: 'Four puzzles of sea animals in one box, 12 to 24 pieces each.' },
  // Plush.
  { id: 'p-plush-bear', title: 'Organic Cotton Teddy Bear', brand: 'Little Otter', categoryPath: PLUSH, cents: 2499, minMonths: 0, material: 'organic cotton', color: 'brown', description: 'A soft teddy bear made of organic cotton, machine washable at 30 degrees.' },
  { id: 'p-plush-otter', title: 'Sleepy Otter Cuddly Toy', brand: 'Little Otter', categoryPath: PLUSH, cents: 1999, minMonths: 0, material: 'organic cotton', color: 'grey', description: 'An otter that holds a little star, machine washable.' },
  { id: 'p-plush-bunny', title: 'Floppy Ear Bunny', brand: 'Little Otter', categoryPath: PLUSH, cents: 1799, minMonths: 0, material: 'organic cotton', color: 'pink', description: 'A bunny with long floppy ears, washable.' },
  { id: 'p-plush-whale', title: 'Big Blue Whale Pillow', brand: 'Little Otter', categoryPath: PLUSH, cents: 2999, minMonths: 12, material: 'polyester', color: 'blue', description: 'A huge whale to cuddle and to sit on.' },
  { id: 'p-plush-fox', title: 'Forest Fox Hand Puppet', brand: 'Pebble & Moss', categoryPath: PLUSH, cents: 1299, minMonths: 24, material: 'felt', color: 'orange', description: 'A fox hand puppet for puppet shows.' },
  // Building blocks.
  { id: 'p-blocks-wooden', title: 'Natural Wooden Blocks, 60 Pieces', brand: 'Oakleaf', categoryPath: BLOCKS, cents: 3299, minMonths: 12, material: 'beech wood', color: 'natural', description: 'Sixty untreated beech wood blocks in a cotton bag.', extra: { pieces: '60' } },
  { id: 'p-blocks-magnetic', title: 'Magnetic Building Tiles', brand: 'Tinkerhaus', categoryPath: BLOCKS, cents: 4499, minMonths: 36, material: 'plastic', color: 'multicolour', description: 'Forty translucent magnetic tiles. Small parts: not for children under 3.', extra: { pieces: '40', small_parts: 'yes' } },
  { id: 'p-blocks-castle', title: 'Knights Castle Building Set', brand: 'Tinkerhaus', categoryPath: BLOCKS, cents: 3999, minMonths: 72, material: 'plastic', color: 'grey', description: 'A castle with a drawbridge and four knights, 420 pieces.', extra: { pieces: '420', small_parts: 'yes' } },
  { id: 'p-blocks-soft', title: 'Soft Stacking Blocks', brand: 'Pebble & Moss', categoryPath: BLOCKS, cents: 1899, minMonths: 6, material: 'silicone', color: 'pastel', description: 'Twelve squeezable silicone blocks with animals and numbers.' },
  { id: 'p-blocks-marble-run', title: 'Marble Run Starter Set', brand: 'Tinkerhaus', categoryPath: BLOCKS, cents: 3499, minMonths: 48, material: 'beech wood', color: 'natural', description: 'A wooden marble run with 30 parts and 10 glass marbles. Small parts.', extra: { small_parts: 'yes' } },
  // Dinosaurs: what the shopping guide is asked about.
  { id: 'p-dino-puzzle', title: 'Dinosaur Floor Puzzle', brand: 'Tinkerhaus', categoryPath: DINOS, cents: 2499, minMonths: 36, material: 'cardboard', color: 'green', description: 'A 48-piece floor puzzle of a dinosaur valley.' },
  { id: 'p-dino-plush', title: 'Cuddly Dinosaur', brand: 'Little Otter', categoryPath: DINOS, cents: 1500, minMonths: 0, material: 'organic cotton', color: 'green', description: 'A soft, washable T-Rex.' },
  { id: 'p-dino-dig', title: 'Dinosaur Excavation Kit', brand: 'Starling Art', categoryPath: DINOS, cents: 2900, minMonths: 96, material: 'plaster', color: 'white', description: 'Dig six fossils out of a plaster block.' },
  { id: 'p-dino-figures', title: 'Dinosaur Figures', brand: 'Tinkerhaus', categoryPath: DINOS, cents: 1999, minMonths: 36, material: 'plastic', color: 'multicolour', description: 'Twelve figures. Small parts: not for children under 3.', extra: { small_parts: 'yes' } },
  // Board games.
  { id: 'p-game-memory', title: 'Animal Memory Game', brand: 'Northwind Games', categoryPath: BOARD_GAMES, cents: 1299, minMonths: 36, material: 'cardboard', color: 'multicolour', description: 'Forty-eight cards with animal pairs.' },
  { id: 'p-game-orchard', title: 'First Orchard Cooperative Game', brand: 'Northwind Games', categoryPath: BOARD_GAMES, cents: 2499, minMonths: 24, material: 'beech wood', color: 'multicolour', description: 'Pick the wooden fruit before the raven reaches the orchard.' },
  { id: 'p-game-explorers', title: 'Jungle Explorers Board Game', brand: 'Northwind Games', categoryPath: BOARD_GAMES, cents: 2999, minMonths: 72, material: 'cardboard', color: 'green', description: 'A cooperative adventure game for 2 to 4 players.' },
  { id: 'p-game-chess', title: 'Wooden Chess and Checkers Set', brand: 'Oakleaf', categoryPath: BOARD_GAMES, cents: 3999, minMonths: 72, material: 'walnut wood', color: 'brown', description: 'A folding board with chess and checkers pieces.' },
  { id: 'p-game-dice', title: 'Story Dice', brand: 'Northwind Games', categoryPath: BOARD_GAMES, cents: 999, minMonths: 60, material: 'plastic', color: 'multicolour', description: 'Nine dice with pictures to roll a story. Small parts.', extra: { small_parts: 'yes' } },
  { id: 'p-game-bingo', title: 'Picture Bingo', brand: 'Northwind Games', categoryPath: BOARD_GAMES, cents: 1499, minMonths: 36, material: 'cardboard', color: 'multicolour', description: 'Bingo with pictures instead of numbers, for up to six players.' },
  // Arts and crafts.
  { id: 'p-art-crayons', title: 'Beeswax Crayons, 16 Colours', brand: 'Starling Art', categoryPath: CRAFTS, cents: 1199, minMonths: 36, material: 'beeswax', color: 'multicolour', description: 'Block and stick crayons made of beeswax.' },
  { id: 'p-art-easel', title: 'Double-Sided Wooden Easel', brand: 'Starling Art', categoryPath: CRAFTS, cents: 5999, minMonths: 36, material: 'pine wood', color: 'natural', description: 'A chalkboard and a whiteboard with a paper roll holder.' },
  { id: 'p-art-paints', title: 'Washable Finger Paints', brand: 'Starling Art', categoryPath: CRAFTS, cents: 1399, minMonths: 24, material: 'paint', color: 'multicolour', description: 'Six washable finger paints in pots.' },
  { id: 'p-art-clay', title: 'Air-Dry Modelling Clay', brand: 'Starling Art', categoryPath: CRAFTS, cents: 1099, minMonths: 48, material: 'clay', color: 'white', description: 'One kilogram of clay that dries in the air without an oven.' },
  { id: 'p-art-sketchbook', title: 'Big Sketchbook A3', brand: 'Starling Art', categoryPath: CRAFTS, cents: 899, minMonths: 36, material: 'paper', color: 'white', description: 'Fifty sheets of thick drawing paper.' },
  { id: 'p-art-loom', title: 'Weaving Loom Kit', brand: 'Pebble & Moss', categoryPath: CRAFTS, cents: 2699, minMonths: 84, material: 'wood', color: 'natural', description: 'A small wooden loom with wool in eight colours.' },
  // Outdoor.
  { id: 'p-out-balance-bike', title: 'Wooden Balance Bike', brand: 'Oakleaf', categoryPath: OUTDOOR, cents: 8999, minMonths: 24, maxMonths: 60, material: 'birch wood', color: 'natural', description: 'A balance bike with an adjustable seat and rubber tyres.' },
  { id: 'p-out-sandpit-set', title: 'Sandpit Tool Set', brand: 'Pebble & Moss', categoryPath: OUTDOOR, cents: 1599, minMonths: 12, material: 'recycled plastic', color: 'green', description: 'A bucket, a spade, a rake and two moulds.' },
  { id: 'p-out-kite', title: 'Rainbow Kite', brand: 'Pebble & Moss', categoryPath: OUTDOOR, cents: 1999, minMonths: 60, material: 'nylon', color: 'rainbow', description: 'A delta kite with 30 metres of line.' },
  { id: 'p-out-bug-kit', title: 'Bug Explorer Kit', brand: 'Starling Art', categoryPath: OUTDOOR, cents: 2199, minMonths: 48, material: 'plastic', color: 'green', description: 'A magnifier, a bug box and tweezers for little scientists.' },
  { id: 'p-out-tent', title: 'Play Tent', brand: 'Little Otter', categoryPath: OUTDOOR, cents: 4999, minMonths: 36, material: 'cotton canvas', color: 'grey', description: 'A tipi tent with a window, for the garden or the nursery.' },
  // Baby.
  { id: 'p-baby-rattle', title: 'Wooden Ring Rattle', brand: 'Oakleaf', categoryPath: BABY, cents: 999, minMonths: 0, maxMonths: 24, material: 'maple wood', color: 'natural', description: 'A rattle of untreated maple wood with two rings.' },
  { id: 'p-baby-gym', title: 'Wooden Baby Gym', brand: 'Oakleaf', categoryPath: BABY, cents: 5999, minMonths: 0, maxMonths: 12, material: 'beech wood', color: 'natural', description: 'A foldable play gym with three hanging toys.' },
  { id: 'p-baby-teether', title: 'Silicone Teether Ring', brand: 'Pebble & Moss', categoryPath: BABY, cents: 799, minMonths: 3, maxMonths: 24, material: 'silicone', color: 'mint', description: 'A soft teether, dishwasher safe.' },
  { id: 'p-baby-book', title: 'Crinkle Cloth Book', brand: 'Little Otter', categoryPath: BABY, cents: 1299, minMonths: 0, maxMonths: 24, material: 'organic cotton', color: 'multicolour', description: 'A cloth book with crinkly pages and a mirror.' },
  { id: 'p-baby-stacker', title: 'Rainbow Stacking Rings', brand: 'Oakleaf', categoryPath: BABY, cents: 1599, minMonths: 12, maxMonths: 36, material: 'beech wood', color: 'rainbow', description: 'Seven wooden rings on a pole.' },
  { id: 'p-baby-mobile', title: 'Starry Night Mobile', brand: 'Little Otter', categoryPath: BABY, cents: 3499, minMonths: 0, maxMonths: 6, material: 'felt', color: 'navy', description: 'A felt mobile with moons and stars for the cot.' },
  // Electronics: high-risk goods for fraud detection.
  { id: 'p-tablet-kids', title: 'Kids Learning Tablet 8"', brand: 'Brightbyte', categoryPath: ELECTRONICS, cents: 18999, minMonths: 60, material: 'plastic', color: 'blue', description: 'An 8-inch tablet with parental controls and a shockproof case.' },
  { id: 'p-headphones-kids', title: 'Volume-Limited Kids Headphones', brand: 'Brightbyte', categoryPath: ELECTRONICS, cents: 3999, minMonths: 36, material: 'plastic', color: 'pink', description: 'Headphones limited to 85 dB with a 20-hour battery.' },
  { id: 'p-camera-kids', title: 'Kids Digital Camera', brand: 'Brightbyte', categoryPath: ELECTRONICS, cents: 4999, minMonths: 60, material: 'plastic', color: 'yellow', description: 'A rugged camera with games and a 2-inch screen, USB-C charging.' },
  { id: 'p-star-projector', title: 'Glow Star Night Projector', brand: 'Brightbyte', categoryPath: ELECTRONICS, cents: 2999, minMonths: 36, material: 'plastic', color: 'white', description: 'Projects a starry sky on the ceiling, with a 30-minute timer and lullabies.' },
  { id: 'p-walkie-talkies', title: 'Walkie-Talkies for Kids', brand: 'Brightbyte', categoryPath: ELECTRONICS, cents: 2499, minMonths: 72, material: 'plastic', color: 'orange', description: 'Two walkie-talkies with a range of 3 km. Requires 6 AAA batteries.', extra: { batteries: '6 x AAA' } },
  // Gift cards and stickers: what card testers buy.
  { id: 'p-gift-card-50', title: 'Gift Card €50', brand: 'Toy Shop', categoryPath: GIFT_CARDS, cents: 5000, minMonths: 0, material: 'paper', color: 'red', description: 'A gift card worth 50 euros, sent by e-mail.' },
  { id: 'p-gift-card-100', title: 'Gift Card €100', brand: 'Toy Shop', categoryPath: GIFT_CARDS, cents: 10000, minMonths: 0, material: 'paper', color: 'gold', description: 'A gift card worth 100 euros, sent by e-mail.' },
  { id: 'p-stickers-animals', title: 'Animal Sticker Sheets', brand: 'Starling Art', categoryPath: STICKERS, cents: 299, minMonths: 36, material: 'paper', color: 'multicolour', description: 'Ten sheets of animal stickers.' },
  { id: 'p-stickers-space', title: 'Glow Space Stickers', brand: 'Starling Art', categoryPath: STICKERS, cents: 499, minMonths: 36, material: 'paper', color: 'multicolour', description: 'Forty glow-in-the-dark stars and planets.' },
];
