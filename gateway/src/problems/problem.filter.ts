import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProblemError } from './problem.error';
import { sendProblem } from './problem.response';
import { RouteCatalog } from './route-catalog';

/**
 * Every error of every route ends here and leaves as application/problem+json: errors thrown by gateway
 * code (ProblemError), the router's "not found", body-parser failures, and anything unexpected (500,
 * logged with its stack, never shown). Body-parser failures arrive already translated (body-parser-errors.ts).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  constructor(private readonly routes: RouteCatalog) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const problem = this.toProblem(exception, req);
    if (problem.status >= 500 && !problem.options.expected) this.logger.error({ err: exception, code: problem.code }, problem.detail);
    sendProblem(problem, req, res);
  }

  private toProblem(exception: unknown, req: Request): ProblemError {
    if (exception instanceof ProblemError) return exception;
    // Gateway code never throws NotFoundException: this is the router finding no handler.
    if (exception instanceof NotFoundException) return this.unrouted(req);
    if (exception instanceof HttpException && exception.getStatus() === 400) {
      // Nest maps an invalid %-encoding in the path (URIError) to a 400.
      return new ProblemError('validation_failed', 'The request URL is malformed');
    }
    return new ProblemError('internal_error', 'An unexpected error occurred; it has been logged with the request id');
  }

  private unrouted(req: Request): ProblemError {
    const route = this.routes.match(req.path);
    if (!route || route.methods.length === 0) {
      return new ProblemError('route_not_found', `No route ${req.method} ${req.path}`);
    }
    const allow = route.methods.join(', ');
    return new ProblemError('method_not_allowed', `${req.method} is not allowed on ${req.path}; allowed: ${allow}`, {
      headers: { Allow: allow },
    });
  }
}
