// Word valences for product reviews, written for this service (scale -3 … +3). General opinion words
// plus what shoppers use to praise or complain about products ("flimsy", "leaks", "sturdy", "snug").
// Words are looked up by their normal form first, then by lemma, so base forms cover inflections.

const groups: ReadonlyArray<readonly [number, string]> = [
  [
    3,
    `excellent amazing awesome fantastic perfect perfectly superb outstanding brilliant flawless incredible
     incredibly wonderful wonderfully phenomenal exceptional magnificent marvelous marvellous terrific fabulous
     spectacular stellar best love loved loving lovely adore adored gorgeous stunning masterpiece
     delighted thrilled ecstatic superior impeccable exquisite flawlessly obsessed lifesaver heavenly
     unbeatable faultless sublime`,
  ],
  [
    2,
    `good great nice beautiful beautifully happy pleased glad satisfied enjoy enjoyed enjoyable fun
     recommend recommended recommending like liked likes favorite favourite favourites cute pretty
     sturdy durable solid reliable comfortable comfy cozy cosy soft smooth smoothly easy easily
     effortless intuitive convenient handy useful helpful premium elegant clearly crisp crispy crispiest compatible stylish sleek
     charming impressive impressed sharp crisp clear bright vibrant fast quick speedy
     efficient effective accurate accurately beautiful well-made robust strong powerful quiet
     sturdy snug secure securely safe worth bargain valuable affordable excited exciting
     entertaining entertained engaging gripping captivating delightful pleasant pleasantly
     better improved improvement upgrade thank thanks grateful appreciate appreciated wow
     fantastically wins win winner sparkle sparkles shine shines flattering breathable absorbent
     lightweight compact supportive protective responsive precise versatile fits beloved keeper
     happier easier exceeded exceed exceeds heartbeat educational informative
     enjoys gem treasure fine`,
  ],
  [
    1,
    `ok okay decent fair adequate acceptable reasonable reasonably nicely neat clean cleanly warm
     cool light simple fresh normal cheaper sufficient sufficiently surprisingly well quickly
     satisfying solidly sturdily thick functional practical stable smart attractive cheerful
     pleasing positive recommendable inexpensive works working fit functioning worked intact
     glad sweet polite friendly prompt promptly punctual early ahead true fitting expected firmly brighten brightens evenly firm nicely
     comfortably helpfully plenty plentiful rich full`,
  ],
  [
    -1,
    `meh mediocre average bland basic cheap cheaply thin small tiny flimsy loose tight stiff
     noisy loud slow slowly heavy bulky awkward clunky confusing confused complicated tricky
     annoying annoyed odd weird strange unclear vague limited lacking lacks lack mixed stuck
     stick sticks sticky wish overkill scratchy itchy inaccurate inconsistent delayed delay late
     issue issues problem problems trouble complaint complaints concern fuss flaw flaws doubt
     unfortunately unfortunate sadly hard difficult struggle struggled struggling smell smells
     fragile shaky wobbly wobble wobbles squeak squeaks squeaky rattle rattles rattling lag lags
     laggy drains drain hot muffled dim dull bored boring shrink shrank shrunk shrinks faded fade
     fades peel peeled peels peeling pill pilled pills pilling stiffness tinny rough sag sags
     sagged shed sheds shedding stop stopped stops quit quits downside cons con lost lose loses`,
  ],
  [
    -2,
    `bad poor poorly disappointing disappointed disappoint disappointment unhappy sad upset
     frustrating frustrated frustration annoyance uncomfortable unreliable unstable unusable
     inferior subpar sub-par shoddy low-quality overpriced pricey expensive ugly hurt hurts
     painful pain blister blisters rash itch irritate irritated irritating irritation leak leaks
     leaked leaking leaky crack cracked cracks cracking snap snapped snaps rip ripped rips tear
     torn tore break breaks breaking broke fail fails failed failing failure crash crashes crashed
     crashing freeze freezes froze freezing flicker flickers flickering disconnect disconnects
     disconnected disconnecting rust rusted rusty warp warped melt melted stain stained stains
     scratch scratched scratches dent dented chip chipped chips burnt burned burn burns
     inaccurate misleading mislead missing wrong incorrect error errors defect flawed damage
     damaged dirty stinks stink stinky smelly faulty glitch glitches glitchy buggy bugs jam jams
     jammed hate hated dislike disliked regret regrets regretted avoid nightmare mess messy
     sloppy cheaply-made knockoff fake counterfeit scam rude unhelpful ignored ignore useless
     pointless worthless refund returned return returning dies died dead die dying worse
     weak weaker horrible unfortunately falls fell flaking flake flakes frayed fraying
     uneven lopsided dangerous unsafe hazard hazardous harmful toxic sharp-edges chemical
     chemicals headache headaches dissatisfied mistake bother bothered sucks suck unacceptable
     annoyingly embarrassed embarassed embarrassing ruined ruin ruins destroyed destroy wasted
     tangled underpowered overheat overheats overheating dies hassle disaster`,
  ],
  [
    -3,
    `terrible horrible awful horrendous atrocious abysmal dreadful pathetic worst garbage trash
     junk rubbish crap crappy waste defective broken useless worthless disgusting disgusted
     furious scam scammed fraud ripoff rip-off fire hate hated hates ruined unusable lousy
     appalling shoddy dangerous fiasco`,
  ],
];

// Broader vocabulary: shopper slang, audio/phone terms, books and toys, food-contact and safety words.
const moreGroups: ReadonlyArray<readonly [number, string]> = [
  [
    3,
    `perfection amazed breathtaking top-notch first-rate first-class ideal godsend blessing greatest
     finest excellently fabulously wonderfully superbly brilliantly awesomeness hands-down
     game-changer bulletproof`,
  ],
  [
    2,
    `pleasure satisfying dependable rugged well-built handsome classy tidy gentle clever genius
     innovative worthwhile joy happily thoughtful attentive courteous professional timely swift
     rapid instantly seamless seamlessly painless hassle-free long-lasting spacious roomy lush
     plush cuddly adorable vivid clarity hilarious witty well-written insightful inspiring
     heartwarming touching refreshing relaxing soothing ergonomic accommodating success successful
     recommendable superb gladly loveable lovable whimsical engrossing addictive page-turner
     beautifully-made user-friendly non-slip stunningly awesome nifty slick snappy zippy
     durable fave fav go-to breeze lifesaver sturdier stronger brighter clearer faster quieter smoother softer
     pleased impressive solidly thrilled`,
  ],
  [
    1,
    `funny moving cool waterproof water-resistant improve improves improved helps saves save
     solved fixed calm steady roomy sturdy-enough wholesome cute-looking honest legit safe`,
  ],
  [
    -1,
    `average so-so expensive noise static echo echoes buzz buzzing hum humming faint fuzzy
     clumsy cumbersome predictable shallow cliche cliché dated cheesy mushy sticky greasy worn
     waiting waited reboot restart reset randomly constantly unable worry worried nervous
     afraid questionable iffy finicky fiddly picky temperamental fussy lukewarm overpowering
     generic unremarkable forgettable sparse skimpy overly muddy sweat sweaty`,
  ],
  [
    -2,
    `underwhelming underwhelmed overrated unimpressed crackle crackles crackling hiss hissing
     distortion distorted blurry grainy pixelated sluggish unresponsive inconvenient
     repetitive tedious incomprehensible disjointed outdated obsolete tacky gaudy garish
     unattractive crooked bent discolored discoloured yellowed expired stale soggy tasteless
     overcooked complain complained complaining refused refuse refuses lame stupid dumb
     ridiculous absurd unprofessional incompetent misleading deceptive beware warning intermittent
     intermittently stutter stutters stuttering skips skipping lagging unplayable inaudible
     unreadable illegible sore allergic sick nausea injured injury bleeding scary angry mad
     shame shameful pity malfunction malfunctioned malfunctions sparked swollen overheated
     gimmick gimmicky joke junky crummy cheapo flimsy leaking leaks disintegrated shredded
     mismatched misaligned defunct fooled misled cracked unsturdy overheats rattly dissapointed dissapointing
     disapointed dissappointed horrid yuck yucky`,
  ],
  // Shoppers who say "disappointed" rarely mean it mildly, even next to a kind word.
  [
    -2.5,
    `disappointing disappointed disappoint disappointment disappoints dissapointed dissapointing
     disapointed dissappointed disapointing dissapointment`,
  ],
  [
    -3,
    `hideous moldy mouldy rotten dishonest liar livid outraged nonfunctional non-functional doa
     exploded bricked paperweight dud unusable junk worthless fraudulent scammers poisonous
     dangerously disgusting`,
  ],
];

const everydayWords: ReadonlyArray<readonly [number, string]> = [
  [3, 'splendid delicious'],
  [2.5, 'luxurious remarkable immaculate yummy excels excel a+'],
  [2, 'heavy-duty fulfilling rewarding pristine spotless tasty flavorful rocked impresses impress'],
  [1.5, 'interesting luxury deluxe rocks rich laugh laughed smile smiles'],
  [-0.5, 'cheap'],
  [1, 'tough fancy neatly'],
  [-1.5, 'imprecise costly false fault faults complaint complaints bleed bleeds offline'],
  [-1, 'skeptical sceptical'],
  [-2, 'brittle clogged clog clogs inconsistent'],
  [-3, 'filthy'],
  // Shopper slang and workshop words ("this speaker slaps", "the screws stripped", "the cable frays").
  [2, 'slaps banger goated'],
  [1.5, 'survive survived survives surviving protected protects'],
  [-1.5, 'slowdown slowdowns'],
  // Doing the job outweighs looking nice: "cute but not practical" is a complaint.
  [2, 'practical functional'],
  // Safety is not a mild word: "not safe for little ones" must outweigh a kind word.
  [2, 'safe'],
  [1, 'charges'],
  [-2, 'stripped stripping fray frays fraying sketchy'],
];

export const SENTIMENT_LEXICON: ReadonlyMap<string, number> = (() => {
  const lexicon = new Map<string, number>();
  for (const [value, words] of [...groups, ...moreGroups, ...everydayWords]) {
    for (const word of words.split(/\s+/)) if (word) lexicon.set(word, value);
  }
  return lexicon;
})();

/**
 * Verbs that say a product does its job. Alone they carry little opinion ("it fits"), but negated
 * they are among the most common complaints ("doesn't fit", "won't charge", "never connected").
 */
export const FUNCTION_VERBS: ReadonlySet<string> = new Set(
  `work works worked working function functions functioned fit fits fitted fitting charge charges
   charged charging connect connects connected connecting hold holds held holding stay stays stayed
   seal seals sealed close closes closed turn turns turned power powered pair paired pairs last lasts
   lasted respond responds responded line match matches matched recognize recognized recognise
   recognised detect detected help helped helps do does did arrive arrived come came include
   included includes describe described expect expected want wanted order ordered
   picture pictured advertise advertised promise promised load loads loaded run runs ran start
   starts started heat heats heated absorb absorbs protect protects protected latch latches
   deliver delivered answer answered reply replied fix fixed solve solved hear heard sync synced
   synchronize mount mounts mounted breathe breathes fold folds folded attach attaches attached register registers registered`.split(/\s+/).filter(Boolean),
);

export const INTENSIFIERS: ReadonlyMap<string, number> = new Map([
  ['very', 1.4], ['really', 1.35], ['so', 1.35], ['extremely', 1.6], ['super', 1.5], ['incredibly', 1.6],
  ['absolutely', 1.6], ['totally', 1.5], ['completely', 1.5], ['utterly', 1.6], ['highly', 1.5],
  ['truly', 1.4], ['especially', 1.3], ['exceptionally', 1.6], ['remarkably', 1.5], ['most', 1.3],
  ['quite', 1.15], ['pretty', 1.1], ['way', 1.3], ['much', 1.25], ['far', 1.3], ['definitely', 1.3],
  ['seriously', 1.4], ['insanely', 1.6], ['ridiculously', 1.5], ['genuinely', 1.3], ['such', 1.25],
  ['simply', 1.2], ['all', 1.1], ['even', 1.1], ['overly', 1.3], ['horribly', 1.6], ['terribly', 1.6],
  ['awfully', 1.5], ['unbelievably', 1.6], ['crazy', 1.3], ['real', 1.2], ['thoroughly', 1.4],
  ['constantly', 1.3], ['always', 1.1], ['continually', 1.3], ['consistently', 1.2], ['immediately', 1.2],
  ['hugely', 1.5], ['massively', 1.5], ['majorly', 1.4], ['deeply', 1.4], ['perfectly', 1.3],
]);

export const DIMINISHERS: ReadonlyMap<string, number> = new Map([
  ['slightly', 0.5], ['somewhat', 0.6], ['kinda', 0.6], ['fairly', 0.8], ['rather', 0.8],
  ['almost', 0.7], ['mostly', 0.8], ['partly', 0.5], ['marginally', 0.5], ['moderately', 0.7],
  ['reasonably', 0.8], ['occasionally', 0.6], ['sometimes', 0.7],
]);

export const NEGATORS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without', 'hardly', 'barely',
  'scarcely', 'cannot', 'nowhere', 'zero', 'lacks', 'lack', 'lacking', 'didnt', 'isnt', 'wasnt', 'doesnt',
  'dont', 'cant', 'wont', 'couldnt', 'wouldnt', 'shouldnt', 'arent', 'werent', 'havent', 'hasnt', 'aint', 'least',
]);

/** Emoticons and emoji (wink tags them as their own token types). */
export const EMOTICON_LEXICON: ReadonlyMap<string, number> = new Map([
  [':)', 2], [':-)', 2], [':D', 2.5], [':-D', 2.5], ['=)', 2], [';)', 1.5], ['<3', 2.5], [':P', 1],
  [':(', -2], [':-(', -2], [":'(", -2.5], [':/', -1.5], [':-/', -1.5], ['>:(', -3], [':|', -0.5],
  ['👍', 2], ['👎', -2], ['❤', 2.5], ['❤️', 2.5], ['😍', 3], ['🥰', 3], ['😊', 2], ['🙂', 1.5], ['😀', 2],
  ['😃', 2], ['😄', 2], ['😁', 2], ['🤩', 3], ['💯', 2], ['🔥', 1.5], ['⭐', 1], ['🌟', 1.5], ['👌', 2],
  ['🙌', 2], ['😞', -2], ['😢', -2], ['😭', -2], ['😡', -3], ['😠', -3], ['🤬', -3], ['🙁', -1.5],
  ['☹', -2], ['☹️', -2], ['😒', -1.5], ['🤮', -3], ['💩', -3], ['😤', -2], ['😩', -2], ['😕', -1.5],
]);
