import { createHash, randomBytes } from "node:crypto";

/** 256 random bits as 43 base64url characters: the body of API keys and share-link tokens. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * What is stored of a secret: its SHA-256, in hex. The secrets are 256 random bits, so a plain
 * hash is enough (no salt or stretching, which guard guessable passwords).
 */
export function secretHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** An ILIKE/LIKE pattern matching `text` anywhere, its wildcards (`%`, `_`, `\`) taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
