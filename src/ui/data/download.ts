/** Saves a Blob as a file through a temporary object URL and an <a download>. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name that says what and when: act-parity-curves-2024-05-01T12-30-05. */
export function fileStem(task: string, what: string, now = new Date()): string {
  return `act-${task}-${what}-${now.toISOString().slice(0, 19).replace(/:/g, '-')}`;
}
