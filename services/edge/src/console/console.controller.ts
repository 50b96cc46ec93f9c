// Serves the web console: `/` leads to `/console/`, its files under `/console/<name>`,
// each with the console's Content-Security-Policy. No key is needed for the files; the console asks
// for the shop's API key and sends it with every API call.
import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { CONSOLE_CSP, type ConsoleAsset } from './console-assets.js';

export const CONSOLE_ASSETS = Symbol('shopmind.edge.console.assets');

@Controller()
@ApiExcludeController()
export class ConsoleController {
  constructor(@Inject(CONSOLE_ASSETS) private readonly assets: Map<string, ConsoleAsset>) {}

  @Get()
  root(@Res() res: ServerResponse): void {
    this.redirect(res);
  }

  /** `/console` and `/console/` (Express routes both here); the page links its files absolutely. */
  @Get('console')
  index(@Res() res: ServerResponse): void {
    this.send(res, 'index.html');
  }

  @Get('console/:name')
  file(@Param('name') name: string, @Res() res: ServerResponse): void {
    this.send(res, name);
  }

  private redirect(res: ServerResponse): void {
    res.writeHead(302, { Location: '/console/' }).end();
  }

  private send(res: ServerResponse, name: string): void {
    const asset = this.assets.get(name);
    const headers = {
      'Content-Security-Policy': CONSOLE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    };
    if (!asset) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': asset.contentType }).end(asset.body);
  }
}
