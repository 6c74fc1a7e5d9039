import { describe, expect, it } from 'vitest';
import { UsageError } from '../args';
import { displayUrl, redisOptions } from './connection';

describe('Redis URLs', () => {
  it('reads host, port, database, user and password, and TLS for rediss', () => {
    expect(redisOptions('redis://lab-redis:6380/2')).toEqual({ host: 'lab-redis', port: 6380, db: 2, maxRetriesPerRequest: null });
    expect(redisOptions('redis://127.0.0.1')).toMatchObject({ host: '127.0.0.1', port: 6379, db: 0 });
    expect(redisOptions('rediss://ann:p%40ss@[::1]:7000/0')).toMatchObject({ host: '::1', port: 7000, username: 'ann', password: 'p@ss', tls: {} });
    expect(redisOptions('redis://:secret@h:1/3')).toMatchObject({ password: 'secret', db: 3 });
  });

  it('refuses what is not a Redis URL, naming it', () => {
    expect(() => redisOptions('lab-redis:6379')).toThrow(UsageError);
    expect(() => redisOptions('http://lab-redis:6379')).toThrow(/redis:\/\/ or rediss:\/\/ URL, got "http:\/\/lab-redis:6379"/);
    expect(() => redisOptions('redis://h:6379/zero')).toThrow(/database .* is a number .* got "zero"/);
  });

  it('never shows a password', () => {
    expect(displayUrl('redis://:secret@h:6379/0')).toBe('redis://:***@h:6379/0');
    expect(displayUrl('redis://ann:secret@h:6379/0')).toBe('redis://ann:***@h:6379/0');
    expect(displayUrl('redis://h:6379/0')).toBe('redis://h:6379/0');
  });
});
