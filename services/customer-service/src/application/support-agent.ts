// One support turn, for a chat request and a support message alike:
//   redact (for logs and history) → cut out instructions to the assistant → plan (the support.plan
//   task: a provider's structured plan, or the local classifier) → entities → answer from the
//   tools (order view for the owner only, knowledge base quoted, shopping guide, product facts) →
//   escalation rules → the next conversation state.
// Every fact in a reply comes from the order view or a quoted policy section; what neither holds
// is answered with "I do not know" and the offer of a person.
import type { LlmGateway, LlmTask, RunOptions, RunResult } from '@shopmind/llm-gateway';
import { Redaction } from '@shopmind/llm-gateway';
import type { ShoppingGuideReply } from '@shopmind/contracts';
import { advanceConversation, newConversation, type ConversationState } from '../domain/conversation.js';
import {
  decideEscalation,
  type EscalationPriority,
  type EscalationReason,
  type EscalationThresholds,
} from '../domain/escalation-rules.js';
import { handOverNote } from '../domain/hand-over-note.js';
import { resolveIntent } from '../domain/intent-context.js';
import { scanForInstructions } from '../domain/instruction-detector.js';
import { numericFact } from '../domain/knowledge-base.js';
import { ownsOrder, returnWindow, type OrderRequester, type OrderView } from '../domain/order-view.js';
import { policyQuery, type PolicyIndex, type PolicyMatch } from '../domain/policy-search.js';
import { guideUnavailableReply, productFactsReply, type ProductFacts } from '../domain/product-answer.js';
import {
  dontKnowReply,
  greetingReply,
  handedOverReply,
  noOrdersReply,
  notOwnerReply,
  orderStatusReply,
  policyReply,
  joinSentences,
  quoteSection,
  returnReply,
  staffActionReply,
  suggestedReplies,
  unsupportedLanguageReply,
  type ReplyLanguage,
} from '../domain/reply-templates.js';
import { detectRiskFlags } from '../domain/risk-flags.js';
import { extractEmails, extractOrderIds, matchProducts } from '../domain/support-entities.js';
import type { SupportIntent } from '../domain/support-intents.js';
import { scoreSupportSentiment } from '../domain/support-sentiment.js';
import { productFactsOf } from '../messages/graph-facts-message.js';
import { supportMetrics } from '../support-metrics.js';
import { createLogger } from '@shopmind/telemetry';
import { isLocalLanguage, languageOfText, UNSUPPORTED_LANGUAGE } from '@shopmind/vocabulary';
import type { ConversationStore } from '../stores/conversation-store.js';
import type { CustomerSubjects } from '../stores/customer-subjects.js';
import type { OrderViewStore } from '../stores/order-view-store.js';
import type { CatalogueMatch, ProductTitleStore } from '../stores/product-title-store.js';
import {
  DEFAULT_TOOLS,
  type SupportPlan,
  type SupportPlanInput,
  type SupportTool,
} from '../tasks/support-plan/support-plan-task.js';
import type { KnowledgeBaseLoader } from './knowledge-base-loader.js';
import type { PeerCall, ShopPeers } from './shop-peers.js';

const log = createLogger('customer-service.turns');

/** Runs Redis work: as is for events (it waits for a reconnect), through DependencyState.whileUp for queries. */
export type RedisGuard = <T>(work: () => Promise<T>) => Promise<T>;

export interface TurnInput {
  readonly tenant: string;
  readonly conversationId: string;
  /** The authenticated customer; '' owns no order. */
  readonly userId: string;
  readonly text: string;
  readonly channel: 'chat' | 'message';
  /** Support messages: the address the desk received it from ('' when unknown). */
  readonly senderEmail: string;
  /** The order the request names, when the caller knows it ('' otherwise). */
  readonly orderId: string;
  readonly locale: string;
  readonly call: PeerCall;
  readonly run: RunOptions;
}

export interface TurnEscalation {
  readonly reason: EscalationReason;
  readonly priority: EscalationPriority;
  readonly summary: string;
}

export interface TurnOutcome {
  readonly text: string;
  readonly intent: SupportIntent;
  readonly confidence: number;
  /** Whether the turn got an answer from the order view, the knowledge base, the guide or product facts. */
  readonly answered: boolean;
  readonly escalation?: TurnEscalation;
  /** The order involved (owned, or named in a hand-over for staff to check). */
  readonly orderId: string;
  readonly productIds: readonly string[];
  readonly sentiment: number;
  readonly intentHistory: readonly string[];
  readonly plan: RunResult<SupportPlan>;
  /** The customer's language (the text's, the request locale deciding only a text too short to tell). */
  readonly language: string;
  /** Why this local answer is less than a full one (UNSUPPORTED_LANGUAGE), beside the plan's own reason. */
  readonly degradedReason?: string;
  readonly suggestedReplies: readonly string[];
  readonly instructionDetected: boolean;
  /** The customer's names for erasure (user id, hashed addresses): publish results with them. */
  readonly subjects: readonly string[];
  /** The conversation after this turn, to be saved with `remember`. */
  readonly next: ConversationState;
}

export interface SupportAgentSettings {
  readonly escalation: EscalationThresholds;
  readonly historyTurns: number;
  /** The knowledge base's minimum score; an `other` message needs twice that to be answered from it. */
  readonly kbMinScore: number;
}

export interface SupportAgentDeps {
  readonly orders: OrderViewStore;
  readonly products: ProductTitleStore;
  readonly conversations: ConversationStore;
  readonly knowledgeBase: KnowledgeBaseLoader;
  readonly peers: ShopPeers;
  readonly gateway: LlmGateway;
  readonly subjects: CustomerSubjects;
  readonly planTask: LlmTask<SupportPlanInput, SupportPlan>;
  readonly settings: SupportAgentSettings;
  readonly now?: () => number;
}

type OrderLookup =
  | { kind: 'found'; view: OrderView }
  | { kind: 'refused'; orderId: string }
  | { kind: 'need_id' }
  | { kind: 'no_orders' };

interface Answer {
  text: string;
  answered: boolean;
  orderId?: string;
  /** An order the customer was shown to own: remembered for the next turns. */
  ownedOrderId?: string;
  productIds?: string[];
  /** A peer (the guide) that would have answered did not: no LLM would have helped either. */
  peerDown?: boolean;
  /** The reply asked for an order number with the order's e-mail. */
  awaitingOrderProof?: boolean;
  /** An order asked about that the customer has not yet been shown to own. */
  topicOrderId?: string;
  /** The message's language is one no local model reads. */
  unsupportedLanguage?: boolean;
}

/** Context of one turn, passed between the answer steps. */
interface Turn {
  input: TurnInput;
  text: string;
  plan: SupportPlan;
  tools: ReadonlySet<SupportTool>;
  fromProvider: boolean;
  /** The language replies are written in: Chinese for Chinese, English otherwise. */
  lang: ReplyLanguage;
  state: ConversationState;
  emails: string[];
  guard: RedisGuard;
  /** The catalogue product the turn's text names best (looked up once per turn, when asked). */
  namedProduct: () => Promise<CatalogueMatch | undefined>;
}

/** Share of a catalogue title's words a message must use to name that product. */
const CATALOGUE_MIN_SCORE = 0.6;

export class SupportAgent {
  private readonly now: () => number;

  constructor(private readonly deps: SupportAgentDeps) {
    this.now = deps.now ?? Date.now;
  }

  async turn(input: TurnInput, guard: RedisGuard): Promise<TurnOutcome> {
    const started = performance.now();
    const outcome = await this.answerTurn(input, guard);
    const m = supportMetrics();
    const outcomeName = outcome.escalation ? 'escalated' : outcome.answered ? 'answered' : 'unanswered';
    m.turns.add(1, {
      channel: input.channel,
      intent: outcome.intent,
      outcome: outcomeName,
      tier: outcome.plan.source.tier,
    });
    m.turnDuration.record((performance.now() - started) / 1000, { channel: input.channel });
    if (outcome.escalation)
      m.escalations.add(1, { reason: outcome.escalation.reason, priority: outcome.escalation.priority });
    if (outcome.instructionDetected) m.instructionsIgnored.add(1);
    // Only redacted text reaches the log (the history line is the redacted message).
    log.debug(
      {
        tenant: input.tenant,
        conversation_id: input.conversationId,
        intent: outcome.intent,
        confidence: outcome.confidence,
        outcome: outcomeName,
        escalation_reason: outcome.escalation?.reason,
        tier: outcome.plan.source.tier,
        text: outcome.next.history.at(-2)?.text,
      },
      'support turn',
    );
    return outcome;
  }

  private async answerTurn(input: TurnInput, guard: RedisGuard): Promise<TurnOutcome> {
    const { deps } = this;
    const state =
      (await guard(() => deps.conversations.load(input.tenant, input.conversationId))) ??
      newConversation(input.conversationId, input.userId);
    const scan = scanForInstructions(input.text);
    const emails = input.channel === 'chat' ? extractEmails(input.text) : [];
    // The account, else the address the guest wrote from or typed: the plan's cache entry is listed
    // under the first (the gateway takes one subject), the results under all.
    const subjects = deps.subjects.of(input.userId || state.userId, [
      input.senderEmail,
      ...state.emails,
      ...emails,
    ]);
    const language = languageOfText(scan.text, input.locale, 'en');
    const lang: ReplyLanguage = language === 'zh' ? 'zh' : 'en';
    const run = await deps.gateway.run(
      deps.planTask,
      { text: scan.text, previousIntents: [...state.intents], locale: input.locale },
      subjects[0] ? { ...input.run, subject: subjects[0] } : input.run,
    );
    const fromProvider = run.source.tier !== 'local';
    // No local model reads this language: the local tier does not guess (English reply, degraded).
    const unsupported = !fromProvider && !isLocalLanguage(language);
    let named: Promise<CatalogueMatch | undefined> | undefined;
    const namedProduct = () =>
      (named ??= guard(() => deps.products.namedProduct(input.tenant, scan.text, CATALOGUE_MIN_SCORE)));
    const plan =
      fromProvider || unsupported ? run.output : await this.inContext(input, run.output, state, namedProduct);
    const tools = new Set<SupportTool>(plan.tools);
    const turn: Turn = {
      input,
      text: scan.text,
      plan,
      tools,
      fromProvider,
      lang,
      state,
      emails,
      guard,
      namedProduct,
    };
    const answer: Answer = unsupported
      ? { text: unsupportedLanguageReply(), answered: false, unsupportedLanguage: true }
      : await this.answer(turn);

    const sentiment = scoreSupportSentiment(input.text);
    const decision = decideEscalation(
      {
        intent: plan.intent,
        confidence: plan.confidence,
        sentiment,
        flags: detectRiskFlags(input.text),
        answered: answer.answered,
        previousUnanswered: state.unanswered,
        llmAvailable: fromProvider || answer.peerDown === true,
      },
      deps.settings.escalation,
    );
    const intentHistory = [...state.intents, plan.intent].slice(-64);
    const redaction = new Redaction();
    const customerText = redaction.redact(input.text);
    const orderId = answer.orderId ?? answer.ownedOrderId ?? answer.topicOrderId ?? state.orderId ?? '';
    let text = answer.text;
    let escalation: TurnEscalation | undefined;
    if (decision.escalate) {
      escalation = {
        reason: decision.reason,
        priority: decision.priority,
        summary: handOverNote({
          intent: plan.intent,
          why: decision.why,
          orderId,
          customerText,
          answered: answer.answered ? redaction.redact(answer.text) : undefined,
          intentHistory,
          sentiment,
          instructions: scan.phrases.map((p) => redaction.redact(p)),
          language,
        }),
      };
      text = handOverText(decision.reason, plan.intent, answer, lang);
    }
    const next = advanceConversation(
      state,
      {
        intent: plan.intent,
        answered: answer.answered,
        escalated: escalation !== undefined,
        orderId: answer.ownedOrderId ?? answer.topicOrderId,
        awaitingOrderProof: answer.awaitingOrderProof === true,
        emails,
        customerText,
        replyText: redaction.redact(text),
        at: this.now(),
      },
      deps.settings.historyTurns,
    );
    return {
      text,
      intent: plan.intent,
      confidence: plan.confidence,
      answered: answer.answered,
      escalation,
      orderId,
      productIds: answer.productIds ?? [],
      sentiment,
      intentHistory,
      plan: run,
      language,
      ...(unsupported ? { degradedReason: UNSUPPORTED_LANGUAGE } : {}),
      suggestedReplies: escalation ? [] : suggestedReplies(plan.intent, lang),
      instructionDetected: scan.detected,
      subjects,
      next: { ...next, userId: next.userId || input.userId },
    };
  }

  /** The local tier's plan with the conversation's context applied (domain/intent-context.ts). */
  private async inContext(
    input: TurnInput,
    plan: SupportPlan,
    state: ConversationState,
    namedProduct: Turn['namedProduct'],
  ): Promise<SupportPlan> {
    const namesProduct = plan.intent === 'other' && (await namedProduct()) !== undefined;
    const resolved = resolveIntent(plan.intent, plan.confidence, {
      previousIntent: state.intents.at(-1) as SupportIntent | undefined,
      awaitingOrderProof: state.awaitingOrderProof === true,
      namesOrderId: plan.orderId !== '' || input.orderId !== '',
      namesEmail: extractEmails(input.text).length > 0,
      namesProduct,
    });
    if (!resolved.rule) return plan;
    return {
      ...plan,
      intent: resolved.intent,
      confidence: resolved.confidence,
      tools: [...DEFAULT_TOOLS[resolved.intent]],
    };
  }

  /** Saves the conversation after the turn (with `eventId`: once per support message event). */
  async remember(
    tenant: string,
    outcome: TurnOutcome,
    guard: RedisGuard,
    options: { senderEmail?: string; eventId?: string } = {},
  ): Promise<void> {
    await guard(() =>
      this.deps.conversations.save(tenant, outcome.next, options.senderEmail, options.eventId),
    );
  }

  private async answer(turn: Turn): Promise<Answer> {
    const { plan } = turn;
    switch (plan.intent) {
      case 'order_status':
      case 'shipping_delay':
        return this.orderAnswer(turn);
      case 'return_refund':
        return this.returnAnswer(turn);
      case 'cancel_order':
      case 'change_address':
        return this.staffAction(turn, plan.intent);
      case 'product_question':
        return this.productAnswer(turn);
      case 'greeting':
        return {
          text: turn.fromProvider && plan.answer.trim() ? plan.answer.trim() : greetingReply(turn.lang),
          answered: true,
        };
      case 'human_agent':
        return { text: handedOverReply(turn.lang), answered: true };
      case 'other':
        return this.policyAnswer(turn, 3);
      default:
        return this.policyAnswer(turn, 1);
    }
  }

  private policies(tenant: string, lang: ReplyLanguage = 'en'): PolicyIndex {
    return this.deps.knowledgeBase.policies(tenant, lang);
  }

  private bestPolicy(turn: Turn, scoreFactor = 1): PolicyMatch | undefined {
    if (!turn.tools.has('knowledge_base') && turn.fromProvider) return undefined;
    const index = this.policies(turn.input.tenant, turn.lang);
    const match = index.best(policyQuery(turn.text, turn.plan.intent, index.language));
    return match && match.score >= this.deps.settings.kbMinScore * scoreFactor ? match : undefined;
  }

  private async policyAnswer(turn: Turn, scoreFactor: number): Promise<Answer> {
    const policy = this.bestPolicy(turn, scoreFactor);
    return policy
      ? { text: policyReply(policy, turn.lang), answered: true }
      : { text: dontKnowReply(turn.lang), answered: false };
  }

  private async orderAnswer(turn: Turn): Promise<Answer> {
    const found = await this.lookUpOrder(turn);
    if (found.kind !== 'found') return this.withoutOrder(turn, found);
    let text = orderStatusReply(found.view, turn.lang);
    if (turn.plan.intent === 'shipping_delay') {
      const policy = this.bestPolicy(turn);
      if (policy) text = joinSentences([text, quoteSection(policy, turn.lang)], turn.lang);
    }
    return { text, answered: true, ownedOrderId: found.view.orderId };
  }

  private async returnAnswer(turn: Turn): Promise<Answer> {
    const policy = this.bestPolicy(turn);
    const found = await this.lookUpOrder(turn);
    if (found.kind === 'refused') return this.withoutOrder(turn, found);
    const lang = turn.lang;
    if (found.kind !== 'found') {
      return policy
        ? { text: policyReply(policy, lang), answered: true }
        : { text: dontKnowReply(lang), answered: false };
    }
    const view = found.view;
    const windowDays = numericFact(
      this.policies(turn.input.tenant, lang).knowledgeBase,
      'returns_window_days',
    );
    let text: string;
    if (view.refunds.length > 0 || view.status === 'cancelled') {
      text = joinSentences([orderStatusReply(view, lang), policy ? quoteSection(policy, lang) : ''], lang);
    } else if (windowDays === undefined) {
      text = policy ? `${policyReply(policy, lang)}` : dontKnowReply(lang);
      if (!policy) return { text, answered: false, ownedOrderId: view.orderId };
    } else {
      text = returnReply(view, returnWindow(view, windowDays, this.now()), policy, lang);
    }
    return { text, answered: true, ownedOrderId: view.orderId };
  }

  private async staffAction(turn: Turn, intent: 'cancel_order' | 'change_address'): Promise<Answer> {
    const policy = this.bestPolicy(turn);
    const found = await this.lookUpOrder(turn);
    const named = turn.plan.orderId || extractOrderIds(turn.text)[0] || turn.input.orderId;
    return {
      text: staffActionReply(intent, policy, turn.lang),
      answered: true,
      ...(found.kind === 'found' ? { ownedOrderId: found.view.orderId } : named ? { orderId: named } : {}),
    };
  }

  private async productAnswer(turn: Turn): Promise<Answer> {
    const { input } = turn;
    const named = await turn.namedProduct();
    if (named) {
      const graph = await this.deps.peers.productFacts(input.call, named.productId);
      const facts: ProductFacts = graph
        ? productFactsOf(named.title, graph)
        : { ...productFactsOf(named.title, undefined), brand: named.brand || undefined };
      const reply = productFactsReply(facts, turn.lang);
      return { text: reply.text, answered: reply.stated, productIds: [named.productId] };
    }
    const guide = await this.deps.peers.guide(input.call, {
      conversationId: input.conversationId,
      userId: input.userId,
      text: new Redaction().redact(turn.text),
      locale: input.locale,
    });
    if (!guide || !guide.text.trim())
      return { text: guideUnavailableReply(turn.lang), answered: false, peerDown: true };
    return { text: guide.text.trim(), answered: true, productIds: guideProducts(guide) };
  }

  /** An order question without an order the customer may see. */
  private withoutOrder(turn: Turn, found: Exclude<OrderLookup, { kind: 'found' }>): Answer {
    const signedIn = turn.input.userId !== '';
    switch (found.kind) {
      case 'refused':
        // Remembered as the conversation's order: the e-mail may follow in the next turn.
        return {
          text: notOwnerReply(signedIn, turn.lang),
          answered: true,
          awaitingOrderProof: true,
          topicOrderId: found.orderId,
        };
      default: {
        // A general question ("how long does delivery take?") still gets the policy.
        const policy = this.bestPolicy(turn);
        const ask = found.kind === 'no_orders' ? noOrdersReply(turn.lang) : notOwnerReply(false, turn.lang);
        return {
          text: policy ? joinSentences([quoteSection(policy, turn.lang), ask], turn.lang) : ask,
          answered: true,
          awaitingOrderProof: found.kind === 'need_id',
        };
      }
    }
  }

  private async lookUpOrder(turn: Turn): Promise<OrderLookup> {
    const { input, state, guard } = turn;
    const orders = this.deps.orders;
    const requester: OrderRequester =
      input.channel === 'chat'
        ? { channel: 'chat', userId: input.userId, claimedEmails: [...state.emails, ...turn.emails] }
        : { channel: 'message', userId: input.userId, senderEmail: input.senderEmail };
    const named = [turn.plan.orderId, ...extractOrderIds(turn.text), input.orderId].find(
      (id) => id.trim() !== '',
    );
    const id = named ?? state.orderId;
    if (id) {
      const view = await guard(() => orders.view(input.tenant, id));
      if (view && ownsOrder(view, requester) !== 'none') return { kind: 'found', view };
      return { kind: 'refused', orderId: id };
    }
    if (!input.userId) return { kind: 'need_id' };
    const own = await guard(() => orders.ordersOf(input.tenant, input.userId));
    if (own.length === 0) return { kind: 'no_orders' };
    // "the puzzle": the order with that item; otherwise the newest order.
    for (const view of own) {
      if (
        matchProducts(
          turn.text,
          view.items.map((i) => ({ productId: i.productId, title: i.title })),
          0.5,
        ).length
      )
        return { kind: 'found', view };
    }
    return { kind: 'found', view: own[0]! };
  }
}

function guideProducts(reply: ShoppingGuideReply): string[] {
  return reply.recommendations.map((r) => r.productId).filter(Boolean);
}

/** What the customer reads when a person takes over. */
function handOverText(
  reason: EscalationReason,
  intent: SupportIntent,
  answer: Answer,
  lang: ReplyLanguage,
): string {
  if (answer.unsupportedLanguage) return unsupportedLanguageReply(true);
  if (reason === 'CUSTOMER_ASKED') return handedOverReply(lang);
  if (intent === 'cancel_order' || intent === 'change_address') return answer.text;
  return answer.answered ? joinSentences([answer.text, handedOverReply(lang)], lang) : handedOverReply(lang);
}
