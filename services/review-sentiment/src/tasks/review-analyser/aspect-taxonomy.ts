// What reviews talk about. Each aspect lists the words (matched on a token's normal form or lemma)
// and multi-word cues that show a clause is about it. Ordered roughly by how often shoppers raise them.

export type AspectName =
  | 'quality'
  | 'size_fit'
  | 'battery'
  | 'price_value'
  | 'delivery'
  | 'safety'
  | 'durability'
  | 'ease_of_use'
  | 'design'
  | 'customer_service'
  | 'packaging'
  | 'sound'
  | 'comfort'
  | 'performance'
  | 'instructions_assembly'
  | 'connectivity'
  | 'compatibility'
  | 'accuracy_of_listing'
  | 'smell'
  | 'cleaning'
  | 'content'
  | 'fun';

export interface AspectDefinition {
  readonly name: AspectName;
  readonly label: string;
  readonly words: ReadonlySet<string>;
  readonly phrases: readonly string[];
}

const defs: ReadonlyArray<readonly [AspectName, string, string, string[]]> = [
  [
    'quality',
    'Quality',
    `quality material materials build craftsmanship stitching seam seams construction
    flimsy sturdy solid cheap cheaply plasticky premium shoddy well-made knockoff fabric
    workmanship defect defects defective faulty wobbly wobble wobbles rattle rattles creaky creaks thin thick hollow brittle junk lint uneven crooked leak leaks leaking leaky`,
    ['well made', 'poorly made', 'cheaply made', 'feels cheap', 'built to last'],
  ],
  [
    'size_fit',
    'Size and fit',
    `size sizes sizing fit fits fitted small large big tiny huge tight loose
    length long short narrow wide medium snug bulky roomy oversized undersized
    compact baggy petite spacious tall height width inch inches sleeve sleeves waist shrink shrank shrunk capacity`,
    ['true to size', 'runs small', 'runs large', 'one size'],
  ],
  [
    'battery',
    'Battery',
    `battery batteries charge charging charger recharge rechargeable mah power-bank
    drain drains drained draining recharging charged`,
    ['battery life', 'power bank', 'holds a charge'],
  ],
  [
    'price_value',
    'Price and value',
    `price prices priced cost costs money value worth penny expensive
    overpriced pricey affordable bargain deal budget inexpensive
    cheaper cheapest pricier paid pay spend spent quid bucks dollars pounds rip-off ripoff steal discount`,
    ['for the price', 'value for money', 'rip off'],
  ],
  [
    'delivery',
    'Delivery and shipping',
    `delivery delivered deliver shipping shipped ship arrive arrived
    arrives arrival courier driver dispatch dispatched tracking postage late early
    shipment parcel postal carrier delayed delay postman doorstep`,
    ['on time', 'took weeks', 'in the mail'],
  ],
  [
    'safety',
    'Safety',
    `safe safety unsafe hazard hazardous dangerous toxic choking recall burn burned
    burnt fire melted melt smoke shock sparks rash
    sharp swallow swallowed overheat overheats overheated overheating sparked injury injured bpa non-toxic choke hazards risk`,
    ['sharp edges', 'caught fire', 'fire hazard', 'choking hazard'],
  ],
  [
    'durability',
    'Durability',
    `durable durability broke break broken breaks lasted last lasts wear tear
    torn ripped rip cracked crack snapped snap apart flimsy sturdy fragile robust survive survived
    intact peel peeled peeling fade faded frayed rust rusted warped yellowed pilled pilling
    scratch scratches scratched scratching chip chipped chips dent dented tarnish tarnished rusty worn wore fraying split bent bend bends tough indestructible unravel unraveled unravelled cracks cracking crumble crumbled lasting fades fading`,
    ['fell apart', 'fall apart', 'held up', 'holds up', 'stopped working', 'came off', 'came apart'],
  ],
  [
    'ease_of_use',
    'Ease of use',
    `easy easily intuitive simple complicated confusing difficult
    user-friendly setup effortless hassle convenient handy
    straightforward fiddly awkward clunky operate menus navigate usable beginner beginners portable`,
    ['easy to use', 'hard to use', 'set up', 'figure out'],
  ],
  [
    'design',
    'Design and appearance',
    `design designed look looks looked looking color colors colour
    colours style stylish pretty beautiful gorgeous cute ugly elegant sleek appearance print shade
    sparkle sparkles finish
    pattern patterns colourful colorful vibrant adorable classy modern retro chic attractive garish tacky aesthetic shape shiny matte glossy fashionable trendy`,
    [],
  ],
  [
    'customer_service',
    'Customer service',
    `seller service support refund replacement replaced
    exchange rude helpful unhelpful response responded respond emails email contacted contact
    vendor company merchant warranty guarantee refunded responsive unresponsive reply replied answer answered communication polite`,
    ['customer service', 'customer support', 'never answered', 'never replied'],
  ],
  [
    'packaging',
    'Packaging',
    `packaging package packaged packed box boxes wrapped wrapping bubble
    packing wrap boxed padding padded`,
    [],
  ],
  [
    'sound',
    'Sound',
    `sound sounds audio bass treble volume speaker speakers mic microphone muffled
    tinny crackle crackles noise noisy loud quiet
    hum hums humming buzz buzzing buzzes squeak squeaks squeaky squeaking whine whines hiss hissing static echo silent deafening`,
    ['sound quality'],
  ],
  [
    'comfort',
    'Comfort',
    `comfortable comfy uncomfortable comfort cushion cushions soft supportive
    hurt hurts blister blisters pinch pinches itchy scratchy breathable
    cosy cozy rubs rub chafe chafing dig digs ache aches sore numb cushioned ergonomic sweaty irritate irritated irritation`,
    [],
  ],
  [
    'performance',
    'Performance',
    `performance fast slow speed powerful power underpowered lag laggy
    freeze freezes crash crashes suction heats heat works worked responsive accurate inaccurate
    efficient clean cleans blender
    reliable unreliable effective ineffective grip grips slippery jams jammed flicker flickers flickering waterproof absorbent dim bright brighter`,
    [],
  ],
  [
    'instructions_assembly',
    'Instructions and assembly',
    `instructions instruction manual assembly
    assemble assembled screws screw diagram
    install installation assembling pieces holes bolts tools steps guide leaflet booklet rules rulebook`,
    ['put together', 'set up', 'missing parts', 'missing pieces', 'parts missing', 'pieces missing'],
  ],
  [
    'connectivity',
    'Connectivity',
    `bluetooth wifi wi-fi connect connects connected connection
    disconnect disconnects disconnecting pairing paired pair app signal range
    wireless reception sync syncs synced dropout dropouts offline router network reconnect reconnects`,
    [],
  ],
  [
    'compatibility',
    'Compatibility',
    `compatible compatibility iphone android laptop
    samsung galaxy pixel mac windows ipad kindle adapter adaptor`,
    ['works with', 'work with', 'fits my'],
  ],
  [
    'accuracy_of_listing',
    'Matches the description',
    `described description pictured listing
    advertised
    misleading listed claims claimed promised`,
    [
      'as described',
      'as pictured',
      'as advertised',
      'nothing like',
      'like the picture',
      'like the pictures',
      'like the photo',
      'like the photos',
      'than the picture',
      'than the pictures',
      'than the photo',
      'than the photos',
      'in the picture',
      'in the pictures',
      'in the photo',
      'in the photos',
      'in person',
    ],
  ],
  [
    'smell',
    'Smell',
    `smell smells smelled odor odour stink stinks stinky chemical chemicals
    scent scented fragrance fragrant perfume stench whiff aroma odorless odourless fumes`,
    [],
  ],
  [
    'cleaning',
    'Cleaning',
    `dishwasher wash washes washed washing
    cleaning wipe wipes rinse rinses scrub scrubbing washable stain stains descale`,
    ['easy to clean', 'hard to clean', 'pain to clean'],
  ],
  [
    'content',
    'Content',
    `story plot characters writing written author chapter chapters recipes
    illustrations pictures pages book novel ending
    narrator narration puzzles questions exercises activities lessons educational jokes dialogue font translation`,
    [],
  ],
  [
    'fun',
    'Fun and engagement',
    `fun entertained entertaining boring bored play plays played playing
    loves enjoy enjoys enjoyed
    obsessed blast laughs laughter giggles engaging addictive favourite favorite`,
    ['hours of fun', 'lost interest'],
  ],
];

export const ASPECTS: readonly AspectDefinition[] = defs.map(([name, label, words, phrases]) => ({
  name,
  label,
  words: new Set(words.split(/\s+/).filter(Boolean)),
  phrases,
}));

/**
 * Aspects that another aspect in the same clause explains away: "shipping was fast" is about
 * delivery, not about the product's performance.
 */
export const SHADOWED_BY: ReadonlyMap<AspectName, readonly AspectName[]> = new Map([
  ['performance', ['delivery', 'customer_service', 'battery', 'sound']],
  ['durability', ['delivery', 'packaging']],
] as const);

/** Aspects about the purchase around the product rather than the product itself. */
export const LOGISTICS_ASPECTS: ReadonlySet<AspectName> = new Set([
  'delivery',
  'packaging',
  'customer_service',
]);
