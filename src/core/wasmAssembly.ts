/**
 * The WebAssembly binary format, as much of it as simdLoops.ts assembles its loops with (core spec 5 and the SIMD
 * proposal's opcodes): number and section encodings, the instructions the loops use, and the two loop shapes —
 * over four-element groups of one run of elements (`groupLoop`), and of several rows with strides (`rowLoop`).
 */
export const I32 = 0x7f;
export const F32 = 0x7d;

export function unsigned(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

export const vector = (items: number[][]): number[] => [...unsigned(items.length), ...items.flat()];
export const name = (text: string): number[] => vector([...text].map((c) => [c.charCodeAt(0)]));
export const section = (id: number, body: number[]): number[] => [id, ...unsigned(body.length), ...body];

export const get = (local: number) => [0x20, ...unsigned(local)];
export const set = (local: number) => [0x21, ...unsigned(local)];
export const simd = (opcode: number) => [0xfd, ...unsigned(opcode)];
/** v128.load / v128.store at the address on the stack (alignment hint 1 byte: any address works). */
export const load = [...simd(0x00), 0, 0];
export const store = [...simd(0x0b), 0, 0];
export const splat = simd(0x13);
export const [sqrt, add, sub, mul, div] = [0xe3, 0xe4, 0xe5, 0xe6, 0xe7].map(simd);
export const F64 = 0x7c;
export const promoteLow = simd(0x5f); // f64x2.promote_low_f32x4
export const addF64x2 = simd(0xf0);
/** The upper two float32 lanes moved to the lower two (i8x16.shuffle of the vector with itself). */
export const upperHalf = [...simd(0x0d), 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
export const lane = (index: number) => [...simd(0x21), index]; // f64x2.extract_lane
export const F64_ADD = 0xa0;
export const I32_ADD = 0x6a;
export const I32_SHL = 0x74;
export const I32_GE_U = 0x4f;

/** What a group loop returns: its type and the instructions that compute it after the loop. */
export interface LoopResult {
  type: number;
  value(locals: { count: number; firstFree: number }): number[];
}

/** The default: count & ~3, the elements the groups covered. */
const COUNT_DONE: LoopResult = { type: I32, value: ({ count }) => [...get(count), 0x41, 0x7c /* -4 */, 0x71 /* i32.and */] };

/** The loop over a row's four-element groups: from byte offset `byteIndex` (a local, 0 on entry) up to `end`. */
function groupsUpTo(byteIndex: number, end: number, body: number[]): number[] {
  return [
    0x02, 0x40, // block
    0x03, 0x40, // loop
    ...get(byteIndex), ...get(end), I32_GE_U, 0x0d, 1, // br_if out of the block
    ...body,
    ...get(byteIndex), 0x41, 16, I32_ADD, ...set(byteIndex),
    0x0c, 0, // br to the loop
    0x0b, 0x0b, // end loop, end block
  ];
}

/** end = (count >> 2) << 4: the byte offset just past a row's last whole group. */
const groupsEnd = (count: number, end: number) => [...get(count), 0x41, 2, 0x76 /* i32.shr_u */, 0x41, 4, I32_SHL, ...set(end)];

const functionCode = (extraLocals: number, instructions: number[]): number[] => {
  const locals = vector([[2, I32], ...(extraLocals > 0 ? [[...unsigned(extraLocals), 0x7b /* v128 */]] : [])]);
  const code = [...locals, ...instructions];
  return [...unsigned(code.length), ...code];
};

/**
 * A function over `arrays` pointer parameters (then the count, then the f32 constants) whose body handles the
 * four-element group at byte offset `byteIndex` (a local): `body(address, locals)` gives each array's address.
 * The loop runs while 4·(group + 1) ≤ count. The function returns count & ~3 (the elements done) unless told
 * otherwise (`result`, read from the locals after the loop).
 */
export function groupLoop(
  arrays: number, constants: number, extraLocals: number, body: (address: (array: number) => number[], firstLocal: number) => number[],
  result: LoopResult = COUNT_DONE,
): { type: number[]; code: number[] } {
  const count = arrays;
  const byteIndex = arrays + 1 + constants;
  const end = byteIndex + 1;
  const firstFree = end + 1;
  const address = (array: number) => [...get(array), ...get(byteIndex), I32_ADD];
  const instructions = [...groupsEnd(count, end), ...groupsUpTo(byteIndex, end, body(address, firstFree)), ...result.value({ count, firstFree }), 0x0b];
  return {
    type: [0x60, ...vector([...Array(arrays + 1).fill([I32]), ...Array(constants).fill([F32])]), ...vector([[result.type]])],
    code: functionCode(extraLocals, instructions),
  };
}

/**
 * The same over `rows` rows in one call (one call from JavaScript per tensor instead of one per row: at 128 rows of
 * 64 units the calls, and the arguments made for them, cost more than the loops). Params: the arrays' pointers to
 * their first row, the count (elements a row), the number of rows, then each array's row stride in bytes. Returns
 * count & ~3, the elements done in every row. No constants.
 */
export function rowLoop(arrays: number, extraLocals: number, body: (address: (array: number) => number[], firstLocal: number) => number[]): { type: number[]; code: number[] } {
  const [count, rows, firstStride] = [arrays, arrays + 1, arrays + 2];
  const byteIndex = firstStride + arrays;
  const end = byteIndex + 1;
  const firstFree = end + 1;
  const address = (array: number) => [...get(array), ...get(byteIndex), I32_ADD];
  const nextRow = Array.from({ length: arrays }, (_, array) => [...get(array), ...get(firstStride + array), I32_ADD, ...set(array)]).flat();
  const instructions = [
    ...groupsEnd(count, end),
    0x02, 0x40, 0x03, 0x40, // block, loop over the rows
    ...get(rows), 0x45 /* i32.eqz */, 0x0d, 1,
    0x41, 0, ...set(byteIndex),
    ...groupsUpTo(byteIndex, end, body(address, firstFree)),
    ...nextRow,
    ...get(rows), 0x41, 1, 0x6b /* i32.sub */, ...set(rows),
    0x0c, 0, 0x0b, 0x0b, // br to the row loop, end loop, end block
    ...COUNT_DONE.value({ count, firstFree }),
    0x0b,
  ];
  return { type: [0x60, ...vector(Array(2 * arrays + 2).fill([I32])), ...vector([[I32]])], code: functionCode(extraLocals, instructions) };
}
