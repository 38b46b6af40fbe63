// The private channel between the content script and the overlay frame: only well-formed messages are acted on,
// and the frame only takes a port offered with its own one-time token. The remembered geometry is validated too.
import { describe, expect, it, vi } from 'vitest';
import { LINK_KIND, isLinkOffer, parseFrameMessage, parseHostMessage } from '../../src/content/overlay-link';

vi.mock('../../src/platform/storage', () => ({ getItem: vi.fn(), setItem: vi.fn(), removeItem: vi.fn() }));
const { normalizeMemory } = await import('../../src/content/overlay-memory');

describe('overlay link', () => {
  it('accepts the port offer only with the frame’s own token', () => {
    expect(isLinkOffer({ kind: LINK_KIND, token: 'abc' }, 'abc')).toBe(true);
    expect(isLinkOffer({ kind: LINK_KIND, token: 'abd' }, 'abc')).toBe(false);
    expect(isLinkOffer({ kind: LINK_KIND, token: '' }, '')).toBe(false);
    expect(isLinkOffer({ kind: 'other', token: 'abc' }, 'abc')).toBe(false);
    expect(isLinkOffer('attention-lens/link', 'abc')).toBe(false);
    expect(isLinkOffer(null, 'abc')).toBe(false);
  });

  it('parses frame messages and drops anything else', () => {
    expect(parseFrameMessage({ type: 'grab-zone', left: 0, top: 0, width: 300, height: 38 })).toEqual({
      type: 'grab-zone',
      left: 0,
      top: 0,
      width: 300,
      height: 38,
    });
    expect(parseFrameMessage({ type: 'grab-zone', left: 0, top: 0, width: -1, height: 38 })).toBeNull();
    expect(parseFrameMessage({ type: 'grab-zone', left: 0, top: 0, width: 1e9, height: 38 })).toBeNull();
    expect(parseFrameMessage({ type: 'grab-zone', left: 0, top: Number.NaN, width: 300, height: 38 })).toBeNull();
    expect(parseFrameMessage({ type: 'drag', phase: 'move', x: 10, y: 20 })).toBeNull();
    expect(parseFrameMessage({ type: 'dock', side: 'right' })).toEqual({ type: 'dock', side: 'right' });
    expect(parseFrameMessage({ type: 'dock', side: null })).toEqual({ type: 'dock', side: null });
    expect(parseFrameMessage({ type: 'dock', side: 'top' })).toBeNull();
    expect(parseFrameMessage({ type: 'reset', extra: 1 })).toEqual({ type: 'reset' });
    expect(parseFrameMessage({ type: 'want-height', height: 520 })).toEqual({ type: 'want-height', height: 520 });
    expect(parseFrameMessage({ type: 'want-height', height: -1 })).toBeNull();
    expect(parseFrameMessage({ type: 'theme', theme: 'dark' })).toEqual({ type: 'theme', theme: 'dark' });
    expect(parseFrameMessage({ type: 'theme', theme: 'auto' })).toBeNull();
    expect(parseFrameMessage({ type: 'scores', scores: [1] })).toBeNull();
    expect(parseFrameMessage(undefined)).toBeNull();
  });

  it('parses host messages', () => {
    expect(parseHostMessage({ type: 'focus' })).toEqual({ type: 'focus' });
    // "the page's selection changed" carries no text: extra fields (page text) are dropped
    expect(parseHostMessage({ type: 'selection', text: 'secret page text' })).toEqual({ type: 'selection' });
    expect(parseHostMessage({ type: 'layout', dock: 'left', custom: true })).toEqual({ type: 'layout', dock: 'left', custom: true });
    expect(parseHostMessage({ type: 'layout', dock: 'left' })).toBeNull();
    expect(parseHostMessage({ type: 'close' })).toBeNull();
  });
});

describe('remembered overlay geometry', () => {
  it('keeps valid parts, drops the rest', () => {
    expect(normalizeMemory({ rect: { left: 10, top: 20, width: 500, height: 400 }, dock: 'right', dockWidth: 480 })).toEqual({
      rect: { left: 10, top: 20, width: 500, height: 400 },
      dock: 'right',
      dockWidth: 480,
    });
    expect(normalizeMemory({ rect: { left: -10, top: 20, width: 500, height: 400 }, dock: 'middle', dockWidth: 'wide' })).toEqual({
      rect: null,
      dock: null,
      dockWidth: null,
    });
    expect(normalizeMemory({ rect: { left: 0, top: 0, width: 0, height: 400 } }).rect).toBeNull();
    expect(normalizeMemory('junk')).toEqual({ rect: null, dock: null, dockWidth: null });
  });
});
