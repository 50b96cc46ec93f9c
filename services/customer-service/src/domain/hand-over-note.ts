// The note a person reads when a conversation is handed over: what the customer wants, why it was
// handed over, the order involved, what the assistant answered and the customer's last message,
// redacted. Within the contract's 4096 characters.
export interface HandOverFacts {
  readonly intent: string;
  readonly why: string;
  readonly orderId?: string;
  /** The customer's message, redacted. */
  readonly customerText: string;
  /** What the assistant answered in this turn, if anything (redacted). */
  readonly answered?: string;
  readonly intentHistory: readonly string[];
  readonly sentiment: number;
  /** Instructions to the assistant found in the message (cut out before answering). */
  readonly instructions: readonly string[];
  /** The customer's language, when known: the person who takes over answers in it. */
  readonly language?: string;
}

const LANGUAGE_NAMES: Readonly<Record<string, string>> = { en: 'English', zh: 'Chinese' };

const MAX = 4096;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function handOverNote(f: HandOverFacts): string {
  const lines = [
    `Customer wants: ${f.intent.replace(/_/g, ' ')}. Handed over because ${f.why}.`,
    f.orderId ? `Order: ${f.orderId}.` : 'No order identified.',
    `Mood: ${f.sentiment <= -0.6 ? 'very unhappy' : f.sentiment < -0.2 ? 'unhappy' : f.sentiment > 0.3 ? 'positive' : 'neutral'} (${f.sentiment.toFixed(2)}).`,
    `Conversation so far: ${f.intentHistory.join(' → ')}.`,
    ...(f.language && f.language !== 'en'
      ? [
          `Customer writes in ${LANGUAGE_NAMES[f.language] ?? f.language} (${f.language}): please answer in it.`,
        ]
      : []),
    ...(f.instructions.length
      ? [`The message tried to instruct the assistant (ignored): ${clip(f.instructions.join(' | '), 300)}`]
      : []),
    ...(f.answered ? [`Assistant answered: ${clip(f.answered, 1200)}`] : []),
  ];
  const head = lines.join('\n');
  return clip(`${head}\nLast message: ${clip(f.customerText, MAX - head.length - 20)}`, MAX);
}
