/**
 * The current run kept in this browser's IndexedDB, so that a reload (or a restarted worker) continues it.
 * One record; writes are queued so that they land in order.
 */
import type { SavedRun } from './savedRun';

const DATABASE = 'act-playground';
const STORE = 'runs';
const KEY = 'current';

let database: Promise<IDBDatabase> | null = null;
let writes: Promise<void> = Promise.resolve();

function open(): Promise<IDBDatabase> {
  database ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab of this page'));
  }).catch((error: unknown) => {
    database = null;
    throw error;
  });
  return database;
}

async function transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = work(transaction.objectStore(STORE));
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error ?? request.error ?? new Error('the IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('the IndexedDB transaction was aborted (storage full?)'));
  });
}

/** The kept run, unchecked (see checkSavedRun), or undefined when there is none. */
export function readSavedRun(): Promise<unknown> {
  return transact('readonly', (store) => store.get(KEY));
}

export function writeSavedRun(run: SavedRun): Promise<void> {
  const write = writes.then(() => transact('readwrite', (store) => store.put(run, KEY))).then(() => undefined);
  writes = write.catch(() => undefined);
  return write;
}

export function deleteSavedRun(): Promise<void> {
  const removal = writes.then(() => transact('readwrite', (store) => store.delete(KEY))).then(() => undefined);
  writes = removal.catch(() => undefined);
  return removal;
}
