import { Controller, Get, Header, Param } from '@nestjs/common';
import { ProblemError } from './problem.error';
import { codeFromSlug, renderProblemPage } from './problem-pages';
import { Allow } from '../auth/access.decorator';
import { ApiExclude } from '../openapi/api-operation.decorator';

/** Serves the `type` URIs of problems (`/problems/validation-failed`) as short human-readable pages. */
@Allow('public')
@Controller('problems')
export class ProblemPagesController {
  // The pages behind problems' `type` URIs: documented by each problem, not an API operation.
  @ApiExclude()
  @Get(':slug')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  page(@Param('slug') slug: string): string {
    const code = codeFromSlug(slug);
    if (!code) throw new ProblemError('route_not_found', `No problem type ${slug}`);
    return renderProblemPage(code);
  }
}
