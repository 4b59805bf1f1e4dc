import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from './problem.error';

/** Body-parser (http-errors) failures carry a `type` such as `entity.parse.failed` and a status. */
type BodyParserError = { type: string; status: number };

function isBodyParserError(e: unknown): e is BodyParserError {
  return typeof e === 'object' && e !== null && typeof Reflect.get(e, 'type') === 'string' && typeof Reflect.get(e, 'status') === 'number';
}

/** A gzip/deflate/br body that does not inflate: body-parser passes zlib's error on (numeric errno) as a 400 without a `type`. */
function isCorruptCompression(e: unknown): boolean {
  if (typeof e !== 'object' || e === null || Reflect.get(e, 'type') !== undefined) return false;
  return Reflect.get(e, 'status') === 400 && typeof Reflect.get(e, 'errno') === 'number';
}

const DETAILS: Record<string, string> = {
  'entity.parse.failed': 'The body is not valid JSON (a JSON object is expected)',
  'entity.too.large': 'The body exceeds the limit of 256 KiB (counted after decompression)',
  'charset.unsupported': 'The body must be encoded as UTF-8',
  'encoding.unsupported': 'The Content-Encoding of the body is not supported',
};

export function problemFromBodyParserError(error: BodyParserError): ProblemError {
  const detail = DETAILS[error.type] ?? 'The request body could not be read';
  if (error.status === 413) return new ProblemError('payload_too_large', detail);
  if (error.status === 415) return new ProblemError('unsupported_media_type', detail);
  if (error.type === 'entity.parse.failed') return new ProblemError('malformed_json', detail);
  return new ProblemError('validation_failed', detail);
}

/**
 * Express error middleware placed right after the JSON parser. It translates parser failures before Nest
 * sees them: Nest would otherwise turn a JSON SyntaxError into a bare BadRequestException and lose its kind.
 */
export function bodyParserErrorTranslator(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  if (isCorruptCompression(err))
    next(new ProblemError('malformed_json', 'The body could not be decompressed (corrupt Content-Encoding stream)'));
  else next(isBodyParserError(err) ? problemFromBodyParserError(err) : err);
}
