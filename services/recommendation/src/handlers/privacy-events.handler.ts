// Customer erasure requested → the user's profile and history leave the model (affinities, recent
// products, purchased set, sessions), once per event id, and their shopping-guide conversations are
// deleted; popularity and co-occurrence name no one and stay. A request naming only e-mail
// addresses concerns nothing this service holds.
import { Controller, Inject } from '@nestjs/common';
import { OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type CustomerErasureRequested } from '@shopmind/contracts';
import { GuideConversationStore } from '../stores/guide-conversation-store.js';
import { RecommendationModelStore } from '../stores/recommendation-model-store.js';

@Controller()
export class PrivacyEventsHandler {
  constructor(
    @Inject(RecommendationModelStore) private readonly model: RecommendationModelStore,
    @Inject(GuideConversationStore) private readonly conversations: GuideConversationStore,
  ) {}

  @OnEvent(Events.erasureRequested)
  async erasureRequested(msg: CustomerErasureRequested, ctx: EventContext): Promise<void> {
    if (!msg.userId) return;
    await this.model.eraseUser(ctx.tenant, ctx.eventId, msg.userId);
    // Idempotent by nature: a redelivery deletes nothing more.
    await this.conversations.eraseUser(ctx.tenant, msg.userId);
  }
}
