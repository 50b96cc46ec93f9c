// A shop's catalogue as benches ingest it, deterministic by seed: products of eight verticals (toys,
// kitchen, electronics, clothing, garden, pets, sports, home), each with its categories, brands (some
// in their company form, "The LEGO Group"), materials, colours, attributes, an age range where one
// applies, and a description of the sentences shops write: what it is made of, features and care,
// compatibility, what it requires, warnings, occasions, ages. Revisions change a product's
// description or attributes; analysed reviews name aspects of catalogue products, praised, criticised
// or mixed, as review-sentiment publishes them.
import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import {
  Polarity,
  ProductSchema,
  ReviewAnalysedSchema,
  SourceTier,
  type Product,
  type ReviewAnalysed,
} from '@shopmind/contracts';
import { seededRandom } from '@shopmind/testing';

interface Vertical {
  top: string;
  /** Category path below `top` and the noun its titles use. */
  kinds: { path: string[]; noun: string }[];
  brands: string[];
  materials: string[];
  colours: string[];
  adjectives: string[];
  /** Recommended age in months [min, max]; max 0 means open-ended; absent: no age range. */
  ages?: [number, number][];
  /** Sentences a description may carry besides its opener. */
  sentences: string[];
  /** Attributes beyond material and colour, each with the values it takes. */
  attributes: Record<string, string[]>;
}

const VERTICALS: Vertical[] = [
  {
    top: 'Toys',
    kinds: [
      { path: ['Puzzles', 'Jigsaw Puzzles'], noun: 'Jigsaw Puzzle' },
      { path: ['Wooden Toys', 'Train Sets'], noun: 'Train Set' },
      { path: ['Soft Toys'], noun: 'Teddy Bear' },
      { path: ['Building Sets'], noun: 'Building Kit' },
      { path: ['Remote Control', 'RC Cars'], noun: 'Racing Car' },
      { path: ['Games', 'Board Games'], noun: 'Board Game' },
      { path: ['Arts & Crafts', 'Painting'], noun: 'Watercolour Set' },
      { path: ['Baby & Toddler Toys', 'Stacking Toys'], noun: 'Stacking Tower' },
    ],
    brands: ['Hape', 'The LEGO Group', 'Grimm', 'Plan Toys', 'Djeco', 'HABA GmbH', 'Ravensburger', 'Carrera'],
    materials: ['beech wood', 'cardboard', 'organic cotton', 'ABS plastic', 'solid lime wood', 'plush'],
    colours: ['multicolour', 'red', 'blue', 'green', 'natural', 'pastel pink'],
    adjectives: ['Wooden', 'Classic', 'Rainbow', 'Dinosaur', 'Jungle', 'Space', 'Farm', 'Ocean'],
    ages: [
      [12, 0],
      [18, 60],
      [36, 0],
      [36, 96],
      [72, 0],
      [96, 144],
    ],
    sentences: [
      'Contains small parts – choking hazard.',
      'Not suitable for children under 3 years.',
      'Requires 4 AA batteries (not included).',
      'Compatible with all LEGO bricks.',
      'Perfect as a birthday present or for Christmas.',
      'Coloured with water-based paints, free of plastic.',
      'Machine washable at 30 °C.',
      'A cooperative game for 2-4 players that takes about 20 minutes.',
      'Chunky pieces, no small parts.',
      'For kids aged 3 and up.',
      'Suitable from birth.',
      'Reaches 12 km/h on flat floors.',
      'Rechargeable battery, charges via USB-C.',
      'Comes in a sturdy storage box.',
      'Encourages fine motor skills and colour recognition.',
    ],
    attributes: { pieces: ['12', '24', '48', '100', '540', '1000'], players: ['1', '2-4', '2-6'] },
  },
  {
    top: 'Home & Kitchen',
    kinds: [
      { path: ['Cookware', 'Frying Pans'], noun: 'Frying Pan' },
      { path: ['Drinkware', 'Water Bottles'], noun: 'Water Bottle' },
      { path: ['Tableware', 'Mugs'], noun: 'Mug Set' },
      { path: ['Small Appliances', 'Kettles'], noun: 'Kettle' },
      { path: ['Food Storage', 'Lunch Boxes'], noun: 'Lunch Box' },
      { path: ['Knives', 'Chef Knives'], noun: "Chef's Knife" },
    ],
    brands: ['WMF', 'Tefal', 'Le Creuset', 'Chilly’s', 'Zwilling J.A. Henckels AG', 'Sistema', 'Bodum'],
    materials: ['stainless steel', 'cast iron', 'aluminium', 'borosilicate glass', 'ceramic', 'bamboo'],
    colours: ['black', 'cream', 'navy', 'matte black', 'sage green', 'white'],
    adjectives: ['Everyday', 'Classic', 'Compact', 'Professional', 'Insulated', 'Nordic'],
    sentences: [
      'Dishwasher safe and BPA-free.',
      'Not dishwasher safe: wash by hand.',
      'Suitable for induction and all other hobs.',
      'Double-wall insulated: keeps drinks cold for 24 hours and hot for 12.',
      'Leak-proof lid, ideal for travel, hiking and school.',
      'Non-stick coating, oven safe up to 260 °C.',
      'Aluminium body with a titanium coating.',
      'Holds 1.7 L and boils in under three minutes.',
      'Microwave safe and freezer safe.',
      'A lovely housewarming gift.',
      'Automatic shut-off when the water boils.',
      'Forged from a single piece of steel, hand-sharpened.',
    ],
    attributes: { capacity: ['350 ml', '500 ml', '750 ml', '1.7 L'], diameter: ['20 cm', '24 cm', '28 cm'] },
  },
  {
    top: 'Electronics',
    kinds: [
      { path: ['Audio', 'Headphones'], noun: 'Wireless Headphones' },
      { path: ['Phone Accessories', 'Chargers'], noun: 'Charging Stand' },
      { path: ['Smart Home', 'Smart Bulbs'], noun: 'Smart Bulb' },
      { path: ['Wearables', 'Fitness Trackers'], noun: 'Fitness Tracker' },
      { path: ['Cameras', 'Instant Cameras'], noun: 'Instant Camera' },
      { path: ['Computer Accessories', 'Mice'], noun: 'Gaming Mouse' },
    ],
    brands: ['Sony', 'Anker', 'Philips Hue', 'Fitbit Inc.', 'Fujifilm', 'Logitech International SA', 'JBL'],
    materials: ['aluminium', 'recycled plastic', 'polycarbonate', 'silicone'],
    colours: ['black', 'white', 'silver', 'midnight blue', 'graphite', 'rose gold'],
    adjectives: ['Pro', 'Mini', 'Ultra', 'Compact', 'Studio', 'Smart'],
    sentences: [
      'Bluetooth 5.3 with active noise cancelling.',
      'Compatible with iPhone 15, MacBook Air and Samsung Galaxy S24.',
      'Requires a Hue Bridge for remote control.',
      'Uses Instax Mini film.',
      'Charges via USB-C in 2 hours; up to 30 hours of battery life.',
      'Water resistant (IPX4), so sweat and rain are no problem.',
      'Built-in GPS, heart rate monitor and sleep tracking.',
      'Dimmable, with 16 million colours and voice control.',
      'MagSafe compatible.',
      'Works with Alexa and Google Assistant.',
      'Programmable buttons and RGB lighting.',
      'Fast charging: 50% in 30 minutes.',
      'Not waterproof.',
    ],
    attributes: {
      connectivity: ['Bluetooth 5.3', 'Wi-Fi', 'Zigbee'],
      'battery life': ['20 hours', '30 hours', '7 days'],
      power: ['9 W', '15 W', '65 W'],
    },
  },
  {
    top: 'Clothing',
    kinds: [
      { path: ['Outdoor', 'Rain Jackets'], noun: 'Rain Jacket' },
      { path: ['Tops', 'T-Shirts'], noun: 'T-Shirt' },
      { path: ['Bottoms', 'Jeans'], noun: 'Slim Jeans' },
      { path: ['Shoes', 'Running Shoes'], noun: 'Running Shoes' },
      { path: ['Accessories', 'Scarves'], noun: 'Scarf' },
      { path: ['Knitwear', 'Jumpers'], noun: 'Jumper' },
    ],
    brands: ['The North Face', 'Patagonia', 'Levi Strauss & Co.', 'Nike', 'Uniqlo', 'Fjällräven'],
    materials: ['recycled polyester', 'merino wool', '100% organic cotton', 'denim', 'cashmere', 'linen'],
    colours: ['navy', 'black', 'olive', 'grey', 'burgundy', 'white/red'],
    adjectives: ["Women's", "Men's", "Kids'", 'Unisex', 'Essential', 'Lightweight'],
    sentences: [
      'Waterproof and breathable, made for hiking and camping.',
      'Machine washable at 40 °C.',
      'Quick-dry, moisture-wicking fabric for running and the gym.',
      'Packable into its own pocket.',
      'Reflective details for evening runs.',
      'Odour resistant merino keeps you fresh on long trips.',
      'Soft, breathable and hypoallergenic.',
      'A relaxed fit with a little stretch from 2% elastane.',
      'Wrinkle-free, ideal for travel.',
      'Non-slip rubber sole.',
      'Makes a thoughtful gift for Father’s Day.',
    ],
    attributes: { size: ['S', 'M', 'L', 'XL'], gender: ['women', 'men', 'unisex'], fit: ['regular', 'slim'] },
  },
  {
    top: 'Garden',
    kinds: [
      { path: ['Planters', 'Raised Beds'], noun: 'Raised Bed' },
      { path: ['Watering', 'Garden Hoses'], noun: 'Garden Hose' },
      { path: ['Tools', 'Pruning Shears'], noun: 'Pruning Shears' },
      { path: ['Lighting', 'Solar Lights'], noun: 'Solar Lantern' },
    ],
    brands: ['Gardena', 'Fiskars', 'Bosch', 'Esschert Design', 'Kärcher SE & Co. KG'],
    materials: ['FSC-certified pine wood', 'galvanised steel', 'rubber', 'recycled plastic', 'acacia wood'],
    colours: ['green', 'anthracite', 'natural', 'terracotta'],
    adjectives: ['Heavy-Duty', 'Compact', 'Classic', 'Expandable', 'Ergonomic'],
    sentences: [
      'Weatherproof and UV-resistant.',
      'Expands to 30 m and shrinks back after use.',
      'Non-slip grip and a safety lock.',
      'Solar powered: no cables, no batteries needed.',
      'Requires 2 AAA batteries.',
      'Easy to assemble without tools.',
      'Perfect for balconies, patios and picnics.',
      'Frost resistant down to -20 °C.',
    ],
    attributes: { length: ['15 m', '30 m'], dimensions: ['120 x 80 x 40 cm', '80 x 40 x 30 cm'] },
  },
  {
    top: 'Pet Supplies',
    kinds: [
      { path: ['Dogs', 'Dog Beds'], noun: 'Dog Bed' },
      { path: ['Cats', 'Cat Toys'], noun: 'Cat Toy' },
      { path: ['Dogs', 'Leashes'], noun: 'Leash' },
      { path: ['Dogs', 'Feeding', 'Bowls'], noun: 'Feeding Bowl' },
    ],
    brands: ['Trixie', 'Kong Company', 'Ferplast', 'Hunter', 'Rogz'],
    materials: ['memory foam', 'nylon', 'natural rubber', 'stainless steel', 'felt'],
    colours: ['grey', 'brown', 'navy', 'beige', 'orange'],
    adjectives: ['Orthopaedic', 'Reflective', 'Interactive', 'Calming', 'Durable'],
    sentences: [
      'For dogs of all sizes.',
      'Keeps cats busy for hours.',
      'Removable cover, machine washable.',
      'Non-slip base and dishwasher safe.',
      'Reflective stitching for walks after dark.',
      'Free from BPA and phthalates.',
      'Suitable for puppies from 8 weeks.',
      'Made for senior dogs with sore joints.',
    ],
    attributes: { size: ['S', 'M', 'L'], weight: ['300 g', '1.2 kg'] },
  },
  {
    top: 'Sports',
    kinds: [
      { path: ['Yoga', 'Yoga Mats'], noun: 'Yoga Mat' },
      { path: ['Cycling', 'Bike Lights'], noun: 'Bike Light Set' },
      { path: ['Camping', 'Tents'], noun: 'Tent' },
      { path: ['Fitness', 'Dumbbells'], noun: 'Dumbbell Set' },
    ],
    brands: ['Manduka', 'Lezyne', 'Vaude', 'Decathlon', 'Bowflex'],
    materials: ['natural rubber', 'aluminium', 'nylon', 'cast iron', 'eva foam'],
    colours: ['purple', 'black', 'green', 'blue', 'orange'],
    adjectives: ['Pro', 'Ultralight', 'Travel', 'Adjustable', 'Eco'],
    sentences: [
      'Non-slip natural rubber, free from PVC.',
      'Rechargeable via USB-C, up to 6 hours of light.',
      'Sleeps 2, pitches in 5 minutes, ideal for camping and hiking.',
      'Adjustable from 2 to 24 kg.',
      'Lightweight and foldable, with a carry bag.',
      'Waterproof to 3000 mm.',
      'For yoga, pilates and the gym.',
      'StVZO approved for German roads.',
    ],
    attributes: { weight: ['900 g', '2.1 kg', '24 kg'], thickness: ['4 mm', '6 mm'] },
  },
  {
    top: 'Home',
    kinds: [
      { path: ['Decor', 'Candles'], noun: 'Scented Candle' },
      { path: ['Textiles', 'Blankets'], noun: 'Throw Blanket' },
      { path: ['Lighting', 'Table Lamps'], noun: 'Table Lamp' },
      { path: ['Bath', 'Towels'], noun: 'Towel Set' },
    ],
    brands: ['Yankee Candle', 'IKEA of Sweden AB', 'Hay', 'Ferm Living', 'Christy'],
    materials: ['soy wax', 'fleece', 'cotton', 'ceramic', 'brass', 'linen'],
    colours: ['ivory', 'charcoal', 'mustard', 'terracotta', 'sage'],
    adjectives: ['Cosy', 'Nordic', 'Vintage', 'Minimal', 'Luxury'],
    sentences: [
      'Burns for up to 45 hours.',
      'A perfect gift for Christmas, Mother’s Day or a housewarming.',
      'Dimmable; requires an E27 bulb (not included).',
      'Machine washable and quick drying.',
      'Hand-poured in small batches.',
      'Soft, warm and lightweight.',
      'Tumble dry on low heat.',
      'Made of 100% cotton, 600 gsm.',
    ],
    attributes: { 'burn time': ['45 hours', '60 hours'], dimensions: ['130 x 170 cm', '40 cm high'] },
  },
];

const ASPECTS = [
  'quality',
  'price',
  'size',
  'delivery',
  'battery',
  'sound',
  'fit',
  'durability',
  'packaging',
  'smell',
  'comfort',
  'instructions',
  'design',
  'customer service',
];

export interface CatalogueProduct {
  product: Product;
  version: bigint;
}

/**
 * `count` products with ids `<idPrefix>-0…`, each from a vertical in turn (so every category and
 * brand gathers products as the catalogue grows), with 2–5 description sentences.
 */
export function catalogueProducts(count: number, seed: number, idPrefix = 'p'): Product[] {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const v = VERTICALS[i % VERTICALS.length]!;
    const kind = pick(v.kinds);
    const material = pick(v.materials);
    const colour = pick(v.colours);
    const adjective = pick(v.adjectives);
    // About one title in four names its colour after a comma, as shops do ("Rain Jacket, Navy").
    const title =
      random() < 0.25
        ? `${adjective} ${kind.noun}, ${colour.replace(/\b\w/g, (c) => c.toUpperCase())}`
        : `${adjective} ${kind.noun}`;
    const sentences = new Set<string>();
    for (let n = 1 + Math.floor(random() * 4); n > 0; n--) sentences.add(pick(v.sentences));
    const opener = pick([
      `A ${adjective.toLowerCase()} ${kind.noun.toLowerCase()} made of ${material}.`,
      `Made of ${material}, this ${kind.noun.toLowerCase()} is built to last.`,
      `Our ${kind.noun.toLowerCase()} in ${colour}, ${material} through and through.`,
    ]);
    const attributes: Record<string, string> = {};
    if (random() < 0.8) attributes.material = material;
    if (random() < 0.6) attributes.colour = colour;
    for (const [key, values] of Object.entries(v.attributes))
      if (random() < 0.5) attributes[key] = pick(values);
    const age = v.ages && random() < 0.8 ? pick(v.ages) : undefined;
    return create(ProductSchema, {
      id: `${idPrefix}-${i}`,
      sku: `SKU-${seed}-${i}`,
      title,
      brand: pick(v.brands),
      categoryPath: [v.top, ...kind.path],
      price: { currency: 'EUR', amountMinor: BigInt(499 + Math.floor(random() * 20_000)) },
      attributes,
      description: [opener, ...sentences].join(' '),
      ...(age ? { ageRange: { minMonths: age[0], ...(age[1] ? { maxMonths: age[1] } : {}) } } : {}),
      stock: BigInt(Math.floor(random() * 100)),
      url: `https://shop.example/p/${idPrefix}-${i}`,
      language: 'en',
    });
  });
}

/** The next revision of a product: a description sentence added or dropped, or an attribute changed. */
export function revisedProduct(product: Product, seed: number): Product {
  const random = seededRandom(seed);
  const vertical = VERTICALS.find((v) => v.top === product.categoryPath[0]) ?? VERTICALS[0]!;
  const revised = create(ProductSchema, { ...product, attributes: { ...product.attributes } });
  const roll = random();
  if (roll < 0.4) {
    revised.description = `${product.description} ${vertical.sentences[Math.floor(random() * vertical.sentences.length)]}`;
  } else if (roll < 0.7) {
    const sentences = product.description.split(/(?<=[.!?])\s+/);
    revised.description =
      sentences.length > 1 ? sentences.slice(0, -1).join(' ') : `${product.description} New edition.`;
  } else {
    revised.attributes.colour = vertical.colours[Math.floor(random() * vertical.colours.length)]!;
  }
  return revised;
}

/**
 * An analysed review of one of `productIds` as review-sentiment publishes it: 1–3 aspects, mostly
 * praised or criticised, some mixed or neutral (which the graph does not count).
 */
export function analysedReview(
  tenant: string,
  productIds: readonly string[],
  index: number,
  seed: number,
  atMs: number,
): ReviewAnalysed {
  const random = seededRandom(seed * 1_000_003 + index);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const rating = 1 + Math.floor(random() * 5);
  const lean = rating >= 4 ? Polarity.POSITIVE : rating <= 2 ? Polarity.NEGATIVE : Polarity.MIXED;
  const aspects = new Map<string, Polarity>();
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
    const r = random();
    aspects.set(
      pick(ASPECTS),
      r < 0.7
        ? lean === Polarity.MIXED
          ? pick([Polarity.POSITIVE, Polarity.NEGATIVE])
          : lean
        : r < 0.85
          ? Polarity.NEUTRAL
          : Polarity.MIXED,
    );
  }
  return create(ReviewAnalysedSchema, {
    envelope: {
      eventId: `analysed-${seed}-${index}`,
      occurredAt: timestampFromMs(atMs),
      producer: 'review-sentiment',
      tenantId: tenant,
      schemaVersion: 1,
      causationId: `review-${seed}-${index}`,
    },
    reviewId: `r-${seed}-${index}`,
    productId: pick(productIds),
    userId: `u-${Math.floor(random() * 500)}`,
    rating,
    polarity: lean,
    score: (rating - 3) / 2,
    aspects: [...aspects].map(([aspect, polarity]) => ({
      aspect,
      polarity,
      score: polarity === Polarity.POSITIVE ? 0.7 : polarity === Polarity.NEGATIVE ? -0.7 : 0,
      evidence: `the ${aspect}`,
    })),
    language: 'en',
    confidence: 0.8,
    source: { tier: SourceTier.LOCAL, provider: 'local', model: '' },
    verifiedPurchase: random() < 0.8,
  });
}
