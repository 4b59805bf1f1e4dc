import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ProblemError } from '../problems/problem.error';

/**
 * 415 for a body that is not JSON. The JSON parser silently skips other media types, which would
 * otherwise surface as a confusing "body required" validation error. A request with no body at all
 * passes and fails validation instead (400), since nothing of the wrong type was sent.
 */
@Injectable()
export class JsonContentTypeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const length = Number(req.headers['content-length']);
    const hasBody = req.headers['transfer-encoding'] !== undefined || length > 0;
    if (!hasBody && req.headers['content-type'] === undefined) return true;
    if (req.is('application/json')) return true;
    throw new ProblemError('unsupported_media_type', `Content-Type must be application/json, got ${req.headers['content-type'] ?? 'none'}`);
  }
}
