// Event ingestion over HTTP: `POST /api/v1/events/<domain>/<event>` with an inbound event of the
// contract in proto3 JSON; 202 once JetStream has stored it.
import { Controller, HttpCode, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { apiTenantOf, ApiKeyGuard } from './api-key.guard.js';
import { ApiExceptionFilter } from './api-exception.filter.js';
import { EventIngest, INBOUND_EVENTS, type Accepted } from './event-ingest.js';
import { bodyOf } from './json-body.js';
import { ApiErrorResponses, EVENT_ERRORS } from './openapi/api-responses.js';
import { ACCEPTED_COMPONENT, inboundEventRefs } from './openapi/api-schemas.js';
import { componentRef } from './openapi/proto-json-schema.js';

const domains = [...new Set([...INBOUND_EVENTS.values()].map((e) => e.domain))];
const events = [...new Set([...INBOUND_EVENTS.values()].map((e) => e.event))];

@Controller('api/v1/events')
@ApiTags('events')
@UseGuards(ApiKeyGuard)
@UseFilters(ApiExceptionFilter)
@ApiErrorResponses(...EVENT_ERRORS)
export class EventsController {
  constructor(private readonly ingest: EventIngest) {}

  @Post(':domain/:event')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'ingestEvent',
    summary: 'Publish an inbound event (e.g. review/submitted) for the API key’s shop',
    description: `The body is the event in proto3 JSON, its envelope's tenantId the API key's tenant and its eventId the de-duplication id. Events: ${[...INBOUND_EVENTS.keys()].join(', ')}.`,
  })
  @ApiParam({ name: 'domain', schema: { type: 'string', enum: domains } })
  @ApiParam({ name: 'event', schema: { type: 'string', enum: events } })
  @ApiBody({ schema: { oneOf: inboundEventRefs() } })
  @ApiAcceptedResponse({
    description: 'stored in the SHOP_EVENTS stream',
    schema: { $ref: componentRef(ACCEPTED_COMPONENT) },
  })
  async publish(
    @Req() req: IncomingMessage,
    @Param('domain') domain: string,
    @Param('event') event: string,
  ): Promise<Accepted> {
    const body = bodyOf(req);
    return this.ingest.ingest(domain, event, apiTenantOf(req), body);
  }
}
