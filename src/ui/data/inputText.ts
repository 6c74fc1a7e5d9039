/**
 * Short human text for one input step and one output of the four synthetic tasks and the Wikipedia task, read
 * back from the encodings the task generators write (see src/tasks). Unknown tasks get a generic description.
 */
import { GATE_NAMES } from '../../tasks/logic';
import { byteLabel } from '../wiki/byteText';

const LOGIC_SLOTS = 10;
const DIGIT_SLOTS = 5;
const DIGIT_CLASSES = 10;
/** The addition task's eleventh class: "number finished". */
const FINISHED = 10;

const hot = (values: readonly number[], from: number, count: number) => {
  for (let i = 0; i < count; i++) if (values[from + i] > 0.5) return i;
  return -1;
};

function logicInput(values: readonly number[], t: number): string {
  const gates: string[] = [];
  for (let slot = 0; slot < LOGIC_SLOTS; slot++) {
    const gate = hot(values, 2 + slot * GATE_NAMES.length, GATE_NAMES.length);
    if (gate >= 0) gates.push(GATE_NAMES[gate]);
  }
  const bits = t === 0 ? `${values[0]}${values[1]}` : `·${values[1]}`;
  return `${bits} ${gates.join(' ')}`;
}

function additionNumber(values: readonly number[]): string {
  let digits = '';
  for (let slot = 0; slot < DIGIT_SLOTS; slot++) {
    const digit = hot(values, slot * DIGIT_CLASSES, DIGIT_CLASSES);
    if (digit < 0) break;
    digits += String(digit);
  }
  return digits || '–';
}

function sortInput(values: readonly number[]): string {
  if (values[0] === 0 && values[1] === 0) return '→';
  return `${values[0].toFixed(2)}${values[1] > 0 ? '⏎' : ''}`;
}

/** Copy: the bits of a vector, ⏎ for the delimiter (last channel), → for the silent steps that ask for a vector. */
function copyInput(values: readonly number[]): string {
  if (values[values.length - 1] > 0) return '⏎';
  if (values.every((value) => value === 0)) return '→';
  return values.slice(0, -1).map((value) => (value > 0 ? '1' : '0')).join('');
}

/** One input step as text, e.g. "47" (addition), "10 XOR AND" (logic), "0.53" (sort), "+−0+" (parity). */
export function describeInput(task: string, values: readonly number[], t: number): string {
  switch (task) {
    case 'parity':
      return values.map((value) => (value > 0 ? '+' : value < 0 ? '−' : '0')).join('');
    case 'logic':
      return logicInput(values, t);
    case 'addition':
      return additionNumber(values);
    case 'sort':
      return sortInput(values);
    case 'wiki':
      return byteLabel(values.indexOf(1));
    case 'copy':
      return copyInput(values);
    case 'adding':
      return values.indexOf(1) === values.length - 1 ? '=' : String(values.indexOf(1));
    case 'argmax':
    case 'delaycopy':
      return String(values.indexOf(1));
    default:
      return `${values.filter((value) => value !== 0).length} non-zero`;
  }
}

/** A step's outputs (target or prediction) as text: the sum's digits for addition, the index for sort, else the bits. */
export function describeOutputs(task: string, outputs: readonly number[]): string {
  if (task === 'addition') return outputs.filter((digit) => digit !== FINISHED).join('') || '∅';
  if (task === 'sort' || task === 'argmax') return `#${outputs[0]}`;
  if (task === 'wiki') return byteLabel(outputs[0]);
  return outputs.join('');
}

/** What the input panel's legend should say about how the task's inputs are written. */
export function inputLegend(task: string): string {
  switch (task) {
    case 'parity':
      return 'cells: +1 blue, −1 orange, 0 grey';
    case 'logic':
      return 'bits (first vector: b0 b1; later: · b1, b0 is the previous target) then the gates in order';
    case 'addition':
      return 'the number given at each step (digits, most significant first)';
    case 'sort':
      return 'the number given at each step (⏎ marks the last); → steps ask for the next index in sorted order';
    case 'wiki':
      return 'the byte read at each step (␣ space, ↵ newline, hex beyond ASCII); the target is the next byte';
    case 'copy':
      return 'the bits read at each step; ⏎ the delimiter; → steps ask for the next vector back';
    case 'adding':
      return 'the value read at each step; = the end marker, where the summed outputs are scored';
    case 'argmax':
      return 'the value read at each step; the last step is scored: the position (#) of the last largest';
    case 'delaycopy':
      return 'the symbol read at each step (1 marks a segment start); the target is the symbol m steps back';
    default:
      return 'number of non-zero input elements';
  }
}
