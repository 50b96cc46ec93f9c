// POST /webhooks/<platform>/<tenant>: thin; the intake decides the answer.
import { Controller, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { WEBHOOK_PLATFORMS, type WebhookPlatform } from '../tenants/edge-tenants.js';
import type { WebhookRequest } from './raw-webhook-body.js';
import { WebhookIntake } from './webhook-intake.js';

/** The part of the HTTP adapter's response the controller uses. */
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

@Controller('webhooks')
export class WebhooksController {
  constructor(@Inject(WebhookIntake) private readonly intake: WebhookIntake) {}

  @Post(':platform/:tenant')
  async receive(
    @Param('platform') platform: string,
    @Param('tenant') tenant: string,
    @Req() req: WebhookRequest,
    @Res() res: JsonResponse,
  ): Promise<void> {
    if (!(WEBHOOK_PLATFORMS as readonly string[]).includes(platform)) {
      res.status(404).json({ error: 'not_found', message: `no webhooks for platform ${platform}` });
      return;
    }
    const reply = await this.intake.receive({
      platform: platform as WebhookPlatform,
      tenant,
      headers: req.headers,
      body: req.rawWebhookBody ?? Buffer.alloc(0),
    });
    res.status(reply.status).json(reply.body);
  }
}
