// Multi-word review idioms whose meaning is not the sum of their words: "stopped working",
// "waste of money", "does the job", "couldn't put it down". Written for this service.
//
// Pattern syntax: slots separated by spaces; a slot lists alternatives with "|" and matches a token's
// normal form or lemma; "*" matches any one token; a trailing "?" makes the slot optional.
// A phrase that already contains its own negation is `fixed`: a negator before it does not flip it.

export interface ReviewPhrase {
  readonly slots: readonly PhraseSlot[];
  readonly value: number;
  /** True when a preceding negator must not flip the phrase. */
  readonly fixed: boolean;
  /** A phrase with no opinion of its own that only cancels negation ("not only", "nothing but"). */
  readonly neutralizesNegation: boolean;
}

export interface PhraseSlot {
  readonly words: ReadonlySet<string> | 'any';
  readonly optional: boolean;
}

type PhraseSpec = readonly [pattern: string, value: number, fixed?: boolean];

const NUMBER_WORDS_LOW = '0|zero|1|one|no';
const NUMBER_WORDS_HIGH = '4|four|5|five|6|six|10|ten|100';

const specs: readonly PhraseSpec[] = [
  // Product stopped doing its job.
  ['stop|stopped|stops|quit work|working|charging|charge|turning|responding|functioning|heating|spinning|connecting|holding|pairing', -3, true],
  ['die|died|dies|dead after|within|in', -3, true],
  ['break|broke|broken|snap|snapped|crack|cracked|tear|tore|rip|ripped after|within|on', -3, true],
  ['fall|fell|falls|falling|come|came|comes|coming apart|off|loose|unglued|undone', -2.5, true],
  ['go|went|gone|goes flat|dead|dark|black|bad|missing', -2.5, true],
  ['give|gave up', -2, true],
  ['only|just last|lasted|lasts|work|worked|works|survived', -2.5, true],
  ['last|lasted|work|worked only|just', -2.5, true],
  ['last|lasted|lasts me? for? *? *? year|years', 2, true],
  ['still work|works|working|going|look|looks|looking|intact|runs', 1.8, true],
  ['hold|holds|held up', 1.8],
  ['hold|holds|held a charge', 1.5],
  ['after *? * use|uses|wash|washes|washing|wear|wears|day|days|week|weeks', -0.8, true],
  ['on arrival', -0.5, true],
  ['dead on arrival', -3, true],
  ['out of the box', 0, true],
  ['right out of the box', 0.5, true],
  // Returns and refunds.
  ['have|had|has to return|send|ship', -3, true],
  ['return|returned|returning|returns|send|sent|sending|ship|shipped it|them|this back?', -2.5, true],
  ['send|sent|sending|ship|shipped it|them|this|mine back', -2.5, true],
  ['ask|asked|asking for a refund', -2.5, true],
  ['return|returned|returning for a refund', -2.5, true],
  // Money.
  ['waste|wasted of money|time|space|plastic', -3, true],
  ['do|did not|never waste|bother|buy|purchase|order', -3, true],
  ['save your money', -3, true],
  ['money back', -1.5, true],
  ['worth every penny|cent', 3, true],
  ['worth the money|price|wait|investment|it|buying|every', 2],
  ['not worth', -2.5, true],
  ['value for money', 1.5],
  ['for the price|money', 0.3, true],
  ['you get what you pay for', -1, true],
  ['rip off', -3, true],
  ['bang for your|the buck', 2],
  // Recommendation and repurchase.
  ['would|will|do|did|does|can|could not recommend', -3, true],
  ['highly recommend|recommended', 3, true],
  ['would|will|definitely buy|order|purchase again', 2.5],
  ['crystal clear', 3, true],
  ['is|are|was|were|looks|look|looked|seems|seemed|feels|felt totally|completely|way|slightly|a|little? bit? off', -2, true],
  ['fill|fills|filled the|a whole|entire? *? room|house|space', 2, true],
  ['keep|keeps|kept rolling|riding|sliding|coming|popping|tipping|leaking|beeping|shutting|losing|unraveling|falling', -2.5, true],
  ['not expect|expected|think|imagine|realize', 0, true],
  ['feels|feel|felt|looks|look|looked|seems|seemed cheap|cheaply|plasticky', -2, true],
  ['cheap plastic|material|materials|quality|fabric|feel|feeling|construction|build', -2.5, true],
  ['laugh|laughed|laughing out loud', 2.5, true],
  ['made|makes|make me|us laugh|smile|happy', 2.5, true],
  ['break|broke|fail|failed|die|died|stop|stopped|wear|wore this|so fast|quickly|soon|easily|quick', -3, true],
  ['get|gets|getting|got|becomes|becoming|became warm|hot', -1.5],
  ['does|did|do|doing everything', 1.5],
  ['nothing special|spectacular|amazing|great|remarkable|impressive|extraordinary', -1.5, true],
  ['nothing to write home about', -1.5, true],
  ['buying|bought|ordering|ordered|getting|got|purchasing|purchased a? second|another|more|extra|two|three|spare', 1.5, true],
  ['take|takes|took|bring|brings|brought|carry|carries|carried it|them|this everywhere', 2, true],
  ['by itself|themselves|herself|himself', -1.5, true],
  ['on its|their own', -1, true],
  // Speed of getting something done is praise; "broke in two minutes" is not, so the verb must say so.
  ['done|ready|installed|assembled|charged|charges|cooked|cooks|up|together|boils|heats|setup|set|dry|dries in|within a|one|two|three|five|ten|few|couple|under|about|an *? minutes|seconds|minute|hour', 2, true],
  ['ask|asks|asked|beg|begs|begged for it|them|this', 2, true],
  ['it|this|these replaced|replaces', 2, true],
  ['no need for|to', 1.5, true],
  ['kids|children|son|daughter|toddler|baby|grandkids|grandson|granddaughter were|was|are|is busy|entertained|occupied|happy|quiet', 2.2, true],
  ['stop|stopped|stops using|wearing my|our old|other|previous', 2, true],
  ['never|not|no move|moves|moved|budge|budges|budged|shift|shifts|shifted|slide|slides|slip|slips|wobble|wobbles|leak|leaks|leaked|tangle|tangles', 2, true],
  ['wear|wore|worn|wears|wearing out|thin|through', -2.5, true],
  ['meet|meets|met|exceed|exceeds|exceeded all? my|our|your|the? expectations|expectation', 2.5],
  ['keep|keeps|kept|stop|stops|stopped it|them|things|everything? from sliding|slipping|moving|falling|tipping|rolling|leaking|tangling', 2, true],
  ['not stick|stay|hold to|on|in', -2.5, true],
  ['took|take|takes * tries|attempts|replacements|returns', -2, true],
  ['took|take|takes * * tries|attempts|replacements|returns', -2, true],
  ['not taken|take|put|took it|them|this off|down', 2.5, true],
  ['no questions asked', 2, true],
  ['sent|send|sends|shipped a replacement|new one', 1.5, true],
  ['had|have|has high hopes', -2, true],
  ['snap|snaps|click|clicks|fit|fits|go|goes|went together|into', 1.5],
  ['buy|order|purchase|get * again', 2.5],
  ['buy|order|purchase|get * * again', 2.5],
  ['does|did|do what it|they claims|claim|claimed|promises|promised|advertises|advertised|says', 2.5],
  ['want|wanted|wanting this|it to work|like|love', -1.5, true],
  ['really? wanted|want to love|like', -1.5, true],
  ['not think|expect|realize|believe * would|could like|love|enjoy', 2.5, true],
  ['built like a tank|rock', 3, true],
  ['nothing fancy', 0, true],
  ['never been|felt|seen so|this|more|as', 0, true],
  ['not hold|holds|keep|keeps|held|kept a charge', -2.5, true],
  ['can|could not live|do without', 3, true],
  ['live|lives|lived up to', 2],
  ['bought|ordered|found|got|discovered|purchased this|it|these|them|one sooner|earlier', 2.5, true],
  ['changed|changes my|our life|lives', 3, true],
  ['changed|changes how i|we', 2, true],
  ['only regret is|was not buying|getting|ordering', 2.5, true],
  ['should be in every', 2.5, true],
  ['only one that lasts|works|fits|stays|lasted|worked', 2, true],
  ['not a single|one complaint|problem|issue|complaints|problems|issues', 2, true],
  ['not|barely|hardly|never|nowhere|isnt|wasnt * enough', -2, true],
  ['not|barely|hardly|never|nowhere * * enough', -2, true],
  ['keep|keeps|kept|hold|holds|held a? charge for days|weeks|ages|hours', 2, true],
  ['keep|keeps|kept a charge', 1.5],
  ['does|did|do|doing exactly? what it|they is|was|were|are supposed|meant to', 2.5],
  ['does|did|do|doing exactly? what it|they should|says|said', 2.5],
  ['fight|fights|fighting|argue|argues over', 1.5, true],
  ['worth nothing|little|zero', -2.5, true],
  ['work|works|worked|working some|part|half of the time', -2.5, true],
  ['work|works|worked|working sometimes|occasionally|intermittently', -2.5, true],
  ['have|has|had to jiggle|wiggle|hold|push|restart|reset|reboot|replace|press|shake|tape|glue|force', -1.5, true],
  ['have|has|had|having to buy|purchase|order|get a? new|different|another|replacement|separate', -2.5, true],
  ['buy|order|purchase|ordering|buying from * again', 2.5, true],
  ['buy|order|purchase|ordering|buying from * * again', 2.5, true],
  ['run|runs|ran|running down quickly|fast|quick', -2, true],
  ['keep|keeps|kept up well|great|nicely', 1.8, true],
  ['cut|cuts|cutting out', -2, true],
  ['total package', 2, true],
  ['be careful', -1.5, true],
  ['advise|warn against', -2.5, true],
  ['buy|get|try|choose|pick a different', -2, true],
  ['from a|an good|great|reputable|reliable|trusted brand|company|manufacturer|seller', 0.3, true],
  ['use|uses|used it|them|this constantly|daily|everyday|nonstop', 1.5, true],
  ['use|uses|used it|them|this all the time', 1.5, true],
  ['what i|we was|were|am|are|have been? looking|searching for', 1.5, true],
  ['exactly what i|we was|were|am|are|have been? looking|searching for', 2.5, true],
  ['worked|work|works|lasted|lasts|last for about? a|one|two|three|four|few|couple of? day|days|week|weeks|month|months', -2, true],
  ['then nothing', -2, true],
  ['how|why this|it got|has|gets|have good|great|positive|high reviews|ratings', -2.5, true],
  ['a|this|absolute|real beast', 2.5, true],
  ['handle|handles|handled everything|anything', 2, true],
  ['least favorite|favourite', -2.5, true],
  ['at least', 0, true],
  ['never * * better|happier|easier|cleaner|nicer|faster', 2.5, true],
  ['never * better|happier|easier|cleaner|nicer|faster', 2.5, true],
  ['never better', 2.5, true],
  ['go|goes|went|going nuts|crazy|wild|bananas for|over', 2.5, true],
  ['a breeze|snap|cinch|dream', 2.5, true],
  ['piece of cake', 2.5, true],
  ['like butter', 2.5, true],
  ['like a dream|charm|champ', 2.5, true],
  ['every night|morning|evening|weekend', 0.8, true],
  ['not give|buy * as a gift|present', -2.5, true],
  ['not give|buy as a gift|present', -2.5, true],
  ['keep|keeps|kept going|working|running|ticking', 2, true],
  ['going strong', 2.5, true],
  ['could|can not get enough', 3, true],
  ['stay|stays|stayed|staying in place|put', 2, true],
  ['old|previous|last|other|cheaper|first one|phone|model|pair|case|version? was|is|were better', -2, true],
  ['hung|hang|hangs up on', -2.5, true],
  ['does|did|do|doing everything|all i|we need|needed|want|wanted', 2, true],
  ['could|can not ask for more|better|anything', 3, true],
  ['slow to drain|die|wear|break', 2, true],
  ['quick|fast|quicker|faster to charge|dry|heat|set|learn|clean', 1.5, true],
  ['quick|fast|quicker|faster to break|drain|die|wear|fail|rust|fade', -2.5, true],
  ['slow to charge|respond|load|heat|start|connect|pair', -2, true],
  ['hardly|rarely|barely|seldom ever? need|needs|needed charging|replacing|cleaning|adjusting|attention', 1.5, true],
  ['hoping|hoped|expected|expecting for? a lot more|better', -2, true],
  ['loud and clear', 2.5, true],
  ['drop|drops|dropped|dropping calls|call|signal|connection', -2.5, true],
  ['dropped call|calls', -2.5, true],
  ['buyer beware', -3, true],
  ['stay|steer away|clear', -3, true],
  ['look|looking elsewhere', -2.5, true],
  ['never again', -3, true],
  ['lesson learned', -2, true],
  ['learned|learnt my lesson', -2, true],
  ['a must', 2, true],
  ['top notch', 3, true],
  ['first class|rate', 2.5, true],
  ['hands down', 1.5, true],
  ['game changer', 3, true],
  ['thumbs up', 2.5, true],
  ['thumbs down', -2.5, true],
  ['money well spent', 3, true],
  ['kept|keeps|keep me|us|them|him|her entertained|busy|occupied|happy', 2.2, true],
  ['could|can use|do with? more|some|a|better', -1.5, true],
  ['to be desired', -2.5, true],
  ['up to par|scratch|standard|snuff', 1.2],
  ['below average|par|standard', -2, true],
  ['needs|need improvement|work', -1.5, true],
  ['second to none', 3, true],
  ['the real deal', 2, true],
  ['no worries', 1.5, true],
  ['pleasantly surprised', 2.5, true],
  ['unpleasantly surprised', -2.5, true],
  ['worth a try|shot|look', 1.5],
  ['happy camper', 2.5],
  ['fits like a glove', 3, true],
  ['not for me', -1.5, true],
  ['return|refund policy|process|window|label', 0, true],
  ['stopped|quit|stops on me', -2.5, true],
  ['sent|send|shipped me the? wrong', -2.5, true],
  ['use|used it|them once|twice', -0.5, true],
  ['as good|well as new', 2, true],
  ['like new', 1.5, true],
  ['works|worked|working fine|well|perfectly|flawlessly|beautifully|great', 2.2],
  ['good as new', 2, true],
  ['the only thing|problem|issue|complaint|downside|negative', -0.5, true],
  ['on the other hand', 0, true],
  ['all in all', 0, true],
  ['buy|bought|order|ordered|purchase|purchased * more', 1.5],
  ['buy|bought|order|ordered|purchase|purchased a? another|second|more|two|three', 1.2],
  ['keep buying|ordering', 2],
  ['in a heartbeat', 2, true],
  ['would not buy|order|purchase', -3, true],
  ['never buy|order|purchase again', -3, true],
  ['again in a heartbeat', 2.5, true],
  ['must have|buy', 2.5],
  ['my|our|new|a go to', 2, true],
  ['no regret|regrets', 2.5, true],
  ['wish * had never|not bought|ordered|purchased', -3, true],
  ['can|could not say enough good things', 3, true],
  // Satisfaction idioms.
  ['could|can not be happier|better|easier', 3, true],
  ['could|can not be more happy|pleased|satisfied|thrilled|delighted', 3, true],
  ['could|can not be any happier|better', 3, true],
  ['could|can not be more disappointed|unhappy|upset|frustrated|annoyed', -3, true],
  ['could|can not be worse', -3, true],
  ['could|can be better|improved', -1.8, true],
  ['could|should|would have been better|great|good|nice|perfect|amazing', -1.8, true],
  ['five|5 star|stars', 2.5, true],
  [`${NUMBER_WORDS_HIGH} star|stars`, 2.5, true],
  [`${NUMBER_WORDS_LOW} star|stars`, -2.5, true],
  ['two|2 star|stars', -1.8, true],
  ['three|3 star|stars', 0, true],
  ['does|did|do the job|trick', 2],
  ['gets|get|got the job done', 2],
  ['as described|advertised|pictured|shown|expected|promised|stated|listed', 1.5],
  ['exactly as|like described|advertised|pictured|shown|expected', 2],
  ['what i|we ordered|needed|wanted|expected|paid for?', 1.2],
  ['exactly what i|we ordered|needed|wanted|expected|need|want', 2.5, true],
  ['what it says', 1.2],
  ['true to size', 2],
  ['just right', 2],
  ['spot on', 2],
  ['works|worked like a charm', 3, true],
  ['so far so good', 2, true],
  ['over the moon', 3, true],
  ['blown away', 2.5],
  ['could|can not put it|this|them down', 2.5, true],
  ['could|can not stop reading|playing|using|listening|watching|wearing', 2.5, true],
  ['break|breaks|broke in nicely|well', 1.2, true],
  ['broken in', 0, true],
  ['break|breaks them|it|these|those in', 0, true],
  ['than expected|anticipated', 0, true],
  ['than i expected|thought|anticipated', 0, true],
  ['tip|tips|tipped|tipping over', -2, true],
  ['slide|slides|slid|slip|slips|slipping|slipped|fall|falls|fell|pop|pops|popped right? out', -2, true],
  ['drop|drops|dropped|dropping out|connection|calls', -2, true],
  ['keep|keeps|kept dropping|disconnecting|crashing|freezing|breaking|failing|falling|slipping', -2.5, true],
  ['drain|drains|drained|draining fast|quickly', -2.5, true],
  ['pain|ache|aches|itch|problem|problems|issue|issues|noise is|are|was|were? gone', 2, true],
  ['no * needed|required', 1, true],
  ['hold|holds|held|clamp|clamps|grip|grips|stay|stays on? tight|tightly|firmly|securely|snugly', 1.8, true],
  ['expected|expect it|them|this? to at least', -2, true],
  ['stop|stopped|stops reading|playing|using|wearing', -2, true],
  ['not only', 0, true],
  ['not just', 0, true],
  ['nothing but', -0.5, true],
  ['can|could not believe', 0, true],
  ['no doubt', 1, true],
  ['without a doubt', 1.5, true],
  ['no matter', 0, true],
  ['no wonder', -0.5, true],
  ['no longer', -2, true],
  ['not sure', -0.5, true],
  ['hoping|hoped|expected|expecting for? more|better', -2, true],
  ['wanted|want to love|like', -1.5, true],
  ['nothing like|close to? the picture|photo|photos|pictures|description|image|listing|ad', -2.5, true],
  ['looks|look|looked nothing like', -2.5, true],
  ['not as described|advertised|pictured|shown|expected', -2.5, true],
  ['not what i|we ordered|expected|wanted|needed|paid for?', -2.5, true],
  ['piece of junk|garbage|crap|trash|plastic|rubbish', -3, true],
  ['fell|fall|falls short', -2.5, true],
  ['lost|lose|loses|losing interest', -2, true],
  ['pain to', -2, true],
  ['pain in the', -2, true],
  ['in the trash|bin|garbage', -2.5, true],
  ['fire hazard', -3, true],
  ['choking hazard', -3, true],
  ['caught fire', -3, true],
  ['safety issue|hazard|risk|concern', -2.5, true],
  ['keep|keeps|kept * hot|cold|warm|cool|dry|fresh|charged|clean|organized|organised|safe|secure|protected', 2],
  ['keep|keeps|kept * * hot|cold|warm|cool|dry|fresh|charged|clean|organized|organised|safe|secure|protected', 2],
  ['too small|big|large|short|long|tight|loose|heavy|loud|thin|bright|hot|expensive|pricey|narrow|wide|stiff|weak|slow|complicated|flimsy|high|low|much|little', -1.8],
  ['way too', -1.5],
  ['runs|run small|large|big|tiny|narrow', -1.5, true],
  ['a bit|little', 0, true],
  ['kind|sort of', 0, true],
  ['not bad', 1.5, true],
  ['not too bad', 1.2, true],
  ['thank you', 1.5, true],
  ['well made|built|designed|packaged|packed|constructed|done', 2],
  ['poorly made|built|designed|packaged|packed|constructed', -2.5, true],
  ['cheaply made', -2.5, true],
  ['easy|simple to use|clean|assemble|install|read|set|setup|follow|carry|store|learn|open|operate|adjust|understand|handle|fold', 2],
  ['hard|difficult|impossible|tricky to use|clean|assemble|install|read|set|setup|follow|open|figure|remove|get', -2],
  ['set|sets up in|within', 1],
  ['no issue|issues|problem|problems|complaint|complaints', 2, true],
  ['no frills', 0, true],
  ['love|loved|loves it|this|them|these', 3],
  ['crying|cried with joy', 2.5, true],
  ['made me cry', 1, true],
  ['in love', 2.5],
  ['falling apart', -3, true],
  ['for hours', 1, true],
  ['every single? day', 0.8],
  ['gift|present for|to', 0.5],
  ['perfect gift|present', 2.5],
  ['good|great|nice|works|worked|worth on paper', -1, true],
  ['looks|looked|look|seems|seemed good|great|nice in the pictures|picture|photos|photo', -1.5, true],
  ['wrong size|color|colour|item|one|model|part|parts', -2.5, true],
  ['did|does|do not come|came with', -2, true],
  ['came|comes|arrived without', -2, true],
  ['missing parts|pieces|screws', -2.5, true],
  ['a? lot|lots|ton|tons of fun', 2.5],
  ['a blast', 2.5],
  ['give|gave it zero|0|no star|stars', -3, true],
];

function compile([pattern, value, fixed]: PhraseSpec): ReviewPhrase {
  const slots = pattern.split(' ').map((raw): PhraseSlot => {
    const optional = raw.endsWith('?');
    const body = optional ? raw.slice(0, -1) : raw;
    return { optional, words: body === '*' ? 'any' : new Set(body.toLowerCase().split('|')) };
  });
  const containsNegation = slots.some(
    (s) => s.words !== 'any' && ['not', 'no', 'never', 'nothing', 'without'].some((n) => s.words !== 'any' && s.words.has(n)),
  );
  return { slots, value, fixed: fixed ?? containsNegation, neutralizesNegation: value === 0 && (fixed ?? false) };
}

/** Longest phrases first, so "dead on arrival" wins over "on arrival". */
export const REVIEW_PHRASES: readonly ReviewPhrase[] = specs
  .map(compile)
  .sort((a, b) => b.slots.filter((s) => !s.optional).length - a.slots.filter((s) => !s.optional).length);

// Index by the words a phrase can start with, so each token is tried against a handful of phrases
// rather than all of them.
const byFirstWord = new Map<string, ReviewPhrase[]>();
const startsWithAnything: ReviewPhrase[] = [];
REVIEW_PHRASES.forEach((phrase) => {
  const firstWords = new Set<string>();
  for (const slot of phrase.slots) {
    if (slot.words === 'any') {
      startsWithAnything.push(phrase);
      return;
    }
    for (const w of slot.words) firstWords.add(w);
    if (!slot.optional) break;
  }
  for (const w of firstWords) {
    const list = byFirstWord.get(w) ?? [];
    list.push(phrase);
    byFirstWord.set(w, list);
  }
});
const rank = new Map(REVIEW_PHRASES.map((p, i) => [p, i]));

/** Phrases that could match at a token with this normal form and lemma, longest first. */
export function phrasesStartingWith(normal: string, lemma: string): readonly ReviewPhrase[] {
  const found = new Set<ReviewPhrase>([...(byFirstWord.get(normal) ?? []), ...(byFirstWord.get(lemma) ?? []), ...startsWithAnything]);
  return [...found].sort((a, b) => rank.get(a)! - rank.get(b)!);
}
