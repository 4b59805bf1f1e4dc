import { FeatureError } from '@emissions/service-kit';
import { randomBytes, randomUUID } from 'node:crypto';
import type { CreatedWebhook, CreateWebhookRequest } from '@emissions/contracts';
import { Injectable } from '@nestjs/common';
import { WebhookTargetPolicy, WebhookTargetRefused } from '../webhook-target.policy';
import { WebhooksRepository } from '../webhooks.repository';

/**
 * Registers a webhook after checking that its host resolves only to addresses the policy permits (no
 * private or loopback targets unless configured). The secret is generated here and returned once.
 */
@Injectable()
export class CreateWebhookHandler {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly policy: WebhookTargetPolicy,
  ) {}

  async execute(command: CreateWebhookRequest): Promise<CreatedWebhook> {
    try {
      await this.policy.resolve(new URL(command.url).hostname);
    } catch (err) {
      if (err instanceof WebhookTargetRefused) throw new FeatureError('validation_failed', `url: ${err.message}`);
      throw err;
    }
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const hook = await this.webhooks.insert({
      id: randomUUID(),
      url: command.url,
      eventTypes: command.event_types,
      description: command.description ?? null,
      secret,
    });
    return { ...hook, secret };
  }
}
