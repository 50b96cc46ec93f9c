// JSON endpoints over the queries: each takes the request's fields (body, path, query string),
// asks the service over NATS as the API key's tenant, and answers with its reply as proto3 JSON.
import type { JsonObject, JsonValue } from '@bufbuild/protobuf';
import { Controller, Get, HttpCode, Param, Post, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Queries, type QueryDefinition } from '@shopmind/contracts';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.js';
import { ApiExceptionFilter } from './api-exception.filter.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { askerOf } from './api-request.js';
import { bodyOf } from './json-body.js';
import { ApiErrorResponses, QUERY_ERRORS } from './openapi/api-responses.js';
import { replyRef, requestBodyRef } from './openapi/api-schemas.js';
import { QueryClient } from './query-client.js';

function objectBody(body: JsonValue): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'invalid_request', 'the body must be a JSON object');
  }
  return body;
}

/** A query-string number, as proto3 JSON takes it (a string of digits is fine; the rules check the range). */
function queryNumber(name: string, value: string | undefined): JsonObject {
  if (value === undefined || value === '') return {};
  if (!/^[0-9]+$/.test(value)) throw new ApiError(400, 'invalid_request', `${name} must be a whole number`);
  return { [name]: Number(value) };
}

@Controller('api/v1')
@ApiTags('queries')
@UseGuards(ApiKeyGuard)
@UseFilters(ApiExceptionFilter)
@ApiErrorResponses(...QUERY_ERRORS)
export class QueriesController {
  constructor(private readonly queries: QueryClient) {}

  private async askWithBody(
    def: QueryDefinition,
    req: IncomingMessage,
    fromPath: JsonObject = {},
  ): Promise<JsonValue> {
    const body = objectBody(bodyOf(req));
    for (const name of Object.keys(fromPath)) {
      const protoName = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      if (name in body || protoName in body)
        throw new ApiError(400, 'invalid_request', `${name} comes from the path; leave it out of the body`);
    }
    return this.queries.ask(def, askerOf(req), { ...body, ...fromPath });
  }

  @Get('products/:productId/reviews/summary')
  @ApiOperation({
    operationId: 'reviewSummary',
    summary: 'What customers say about a product (reviews.summary)',
  })
  @ApiParam({ name: 'productId', type: String })
  @ApiQuery({ name: 'maxQuotes', required: false, schema: { type: 'integer', minimum: 0, maximum: 50 } })
  @ApiQuery({ name: 'locale', required: false, schema: { type: 'string', example: 'en' } })
  @ApiOkResponse({ schema: replyRef(Queries.reviewSummary) })
  reviewSummary(
    @Req() req: IncomingMessage,
    @Param('productId') productId: string,
    @Query('maxQuotes') maxQuotes?: string,
    @Query('locale') locale?: string,
  ): Promise<JsonValue> {
    return this.queries.ask(Queries.reviewSummary, askerOf(req), {
      productId,
      ...queryNumber('maxQuotes', maxQuotes),
      ...(locale ? { locale } : {}),
    });
  }

  @Post('fraud/score')
  @HttpCode(200)
  @ApiOperation({ operationId: 'fraudScore', summary: 'Score a checkout for fraud (fraud.score)' })
  @ApiBody({ schema: requestBodyRef(Queries.fraudScore) })
  @ApiOkResponse({ schema: replyRef(Queries.fraudScore) })
  fraudScore(@Req() req: IncomingMessage): Promise<JsonValue> {
    return this.askWithBody(Queries.fraudScore, req);
  }

  @Post('recommendations/top-k')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'recommendTopK',
    summary: 'Top-k products for a user, a product or a cart, with reasons (recommendation.top_k)',
  })
  @ApiBody({ schema: requestBodyRef(Queries.recommendTopK) })
  @ApiOkResponse({ schema: replyRef(Queries.recommendTopK) })
  topK(@Req() req: IncomingMessage): Promise<JsonValue> {
    return this.askWithBody(Queries.recommendTopK, req);
  }

  @Post('guide/turns')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'guideTurn',
    summary: 'One turn of the shopping guide (recommendation.guide)',
  })
  @ApiBody({ schema: requestBodyRef(Queries.shoppingGuide) })
  @ApiOkResponse({ schema: replyRef(Queries.shoppingGuide) })
  guideTurn(@Req() req: IncomingMessage): Promise<JsonValue> {
    return this.askWithBody(Queries.shoppingGuide, req);
  }

  @Post('support/turns')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'supportTurn',
    summary: 'One turn of the customer-support chat (support.chat)',
  })
  @ApiBody({ schema: requestBodyRef(Queries.supportChat) })
  @ApiOkResponse({ schema: replyRef(Queries.supportChat) })
  supportTurn(@Req() req: IncomingMessage): Promise<JsonValue> {
    return this.askWithBody(Queries.supportChat, req);
  }

  @Post('graph/query')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'graphQuery',
    summary: 'Neighbours, paths or matching products in the knowledge graph (graph.query)',
  })
  @ApiBody({ schema: requestBodyRef(Queries.graphQuery) })
  @ApiOkResponse({ schema: replyRef(Queries.graphQuery) })
  graphQuery(@Req() req: IncomingMessage): Promise<JsonValue> {
    return this.askWithBody(Queries.graphQuery, req);
  }

  @Post('products/:productId/copy')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'generateCopy',
    summary: "Generate a product's copy for a locale, tone and channel (copy.generate)",
  })
  @ApiParam({ name: 'productId', type: String })
  @ApiBody({ schema: requestBodyRef(Queries.generateCopy, ['product_id']) })
  @ApiOkResponse({ schema: replyRef(Queries.generateCopy) })
  generateCopy(@Req() req: IncomingMessage, @Param('productId') productId: string): Promise<JsonValue> {
    return this.askWithBody(Queries.generateCopy, req, { productId });
  }
}
