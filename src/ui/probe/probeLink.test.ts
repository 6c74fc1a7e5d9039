import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/codec';
import { Rng } from '../../core/random';
import { getTask } from '../../tasks/registry';
import { linkPart, MAX_LINK_INPUT, splitLink } from './probeLink';

describe('the input part of the link', () => {
  it('is split from the settings (which then have no unknown key) and reads back what linkPart wrote', () => {
    for (const text of ['+-0+0000', '10:35,1:0', '07,45,3', '0.5,-1.25,2', 'the [[cat]] & <b>Марков</b>, 100%']) {
      const link = splitLink(`#task=parity&bits=8${linkPart(text)}&tau=0.01`);
      expect(link).toEqual({ settings: 'task=parity&bits=8&tau=0.01', input: text, problem: null });
      expect(parseConfig(link.settings).problems).toEqual([]);
    }
    expect(linkPart('+-0,1:2')).toBe('&in=+-0,1:2');
    expect(linkPart('')).toBe('');
  });

  it('names an oversized or undecodable input and ignores it; the last of several counts', () => {
    expect(splitLink(`#task=sort&in=${'1,'.repeat(MAX_LINK_INPUT)}`).problem).toMatch(/4,000 characters long, over the 2,000/);
    expect(splitLink('#in=%E0%A4%A&task=sort')).toEqual({ settings: 'task=sort', input: null, problem: expect.stringMatching(/not valid URL encoding/) });
    expect(splitLink('#in=1,2&in=3,4').input).toBe('3,4');
    expect(splitLink('#task=sort').input).toBeNull();
  });

  it('carries every task’s random inputs through format, the link and parse unchanged', () => {
    for (const link of ['task=parity', 'task=logic', 'task=addition', 'task=sort']) {
      const config = parseConfig(link).config;
      const probe = getTask(config.task).probe!;
      const input = probe.random!(config, new Rng(3));
      const through = splitLink(`#${link}${linkPart(probe.format(input)!)}`).input!;
      expect(probe.parse(config, through)).toEqual(input);
    }
  });
});
