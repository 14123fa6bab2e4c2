const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A fresh id for one logical call. The server keeps the first result per requestId, so a
 * retry after a lost reply never applies a mutation twice. Time prefix + 16 random chars:
 * unique enough per user without needing the async `wx.getRandomValues`.
 */
export function newRequestId(): string {
  let random = '';
  for (let i = 0; i < 16; i += 1) random += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return `${Date.now().toString(36)}${random}`;
}
