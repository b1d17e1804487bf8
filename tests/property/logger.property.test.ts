import { Writable } from 'node:stream';
import fc from 'fast-check';
import winston from 'winston';
import { createLogger } from '../../src/logger';

/** A bot token's shape: base64 user id, a dot, a timestamp part, a dot, an HMAC part. */
const token = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9_-]{24,26}$/), fc.stringMatching(/^[A-Za-z0-9_-]{6}$/), fc.stringMatching(/^[A-Za-z0-9_-]{27,38}$/))
  .map((parts) => parts.join('.'));

/** Writes through the bot's logger format and returns the lines it produced. */
function logLines(format: 'json' | 'pretty', write: (logger: winston.Logger) => void): string {
  const logger = createLogger({ logLevel: 'debug', logFormat: format });
  let output = '';
  logger.clear();
  logger.add(
    new winston.transports.Stream({
      stream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          output += chunk.toString();
          done();
        },
      }),
    }),
  );
  write(logger);
  return output;
}

describe('logger redaction', () => {
  it.each(['json', 'pretty'] as const)('hides tokens in %s lines', (format) => {
    fc.assert(
      fc.property(token, fc.string({ maxLength: 20 }), (secret, text) => {
        const output = logLines(format, (logger) => {
          logger.error(`${text} ${secret}`);
          logger.warn('Request failed', { error: `DiscordAPIError: ${secret}`, url: `https://example.invalid/${secret}`, nested: { detail: secret } });
          logger.error(new Error(`failed with ${secret}`));
          logger.child({ module: 'test' }).info('child', { token: secret });
        });
        expect(output).not.toContain(secret);
        expect(output).toContain('[redacted token]');
      }),
      { numRuns: 50 },
    );
  });
});
