import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, defaultConfig } from '../../config/schema';
import { CURVE_WIDTH } from '../../worker/protocol';
import { CurveBuffer } from './curveBuffer';
import { curvesCsv, runJson } from './runExport';

function buffer(): CurveBuffer {
  const curves = new CurveBuffer(CURVE_WIDTH, 4);
  curves.pushRows(new Float32Array([1, 0.7, 0.69, 0.5, 2, 0.3, 12, 1.5, 2, 0.6, 0.59, 0.25, 2.5, 0.2, 11, 1.25]));
  return curves;
}

describe('run export', () => {
  it('writes the curve points as CSV with a header and float32-sized numbers', () => {
    const lines = curvesCsv(buffer().points()).trim().split('\n');
    expect(lines[0]).toBe('step,loss,taskLoss,seqError,ponder,gradNorm,msPerStep,bitsPerTarget,stepsAveraged');
    expect(lines[1]).toBe('1,0.7,0.69,0.5,2,0.3,12,1.5,1');
    expect(lines).toHaveLength(3);
  });

  it('writes settings, link, curves and evaluations as JSON', () => {
    const config = defaultConfig('parity');
    const parsed = JSON.parse(runJson(config, null, buffer().points(), []));
    expect(parsed.schema).toBe('act-playground/run/v1');
    expect(parsed.link).toMatch(new RegExp(`^#v=${SCHEMA_VERSION}&task=parity&`));
    expect(parsed.config).toEqual(config);
    expect(parsed.curves.rows).toHaveLength(2);
    expect(parsed.curves.columns[0]).toBe('step');
  });
});
