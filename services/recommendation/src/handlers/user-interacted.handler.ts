// A shopper's interaction → user profile, session co-occurrence and popularity, once per event id.
import { Controller, Inject } from '@nestjs/common';
import { OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type UserInteracted } from '@shopmind/contracts';
import { interactionSignalOf } from '../messages/behaviour-message.js';
import { RecommendationModelStore } from '../stores/recommendation-model-store.js';

@Controller()
export class UserInteractedHandler {
  constructor(@Inject(RecommendationModelStore) private readonly model: RecommendationModelStore) {}

  @OnEvent(Events.userInteracted)
  async userInteracted(msg: UserInteracted, ctx: EventContext): Promise<void> {
    const signal = interactionSignalOf(msg);
    // A search names no product: nothing to learn for top-k yet.
    if (signal) await this.model.recordInteraction(ctx.tenant, ctx.eventId, signal);
  }
}
