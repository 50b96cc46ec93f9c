// Serves the OpenAPI document at /api/openapi.json (public: it holds no shop's data).
import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController, type OpenAPIObject } from '@nestjs/swagger';
import { OpenApiDocument } from './openapi-document.js';

@Controller('api')
@ApiExcludeController()
export class OpenApiController {
  constructor(private readonly document: OpenApiDocument) {}

  @Get('openapi.json')
  openapi(): OpenAPIObject {
    return this.document.get();
  }
}
