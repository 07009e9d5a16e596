import { expect } from '@open-wc/testing';
import { networkQuality, worstQuality } from './network-quality.js';
import { AUDIO_ONLY_AFTER_SAMPLES, LowBandwidthWatch } from './low-bandwidth.js';

describe('the network indicator and the audio-only fallback', () => {
  it('falls back to audio only when the bandwidth stays too low, not on one bad sample', () => {
    const watch = new LowBandwidthWatch();
    const low = { availableKbps: 90, rttMs: 40, lossPct: 0 };
    const fine = { availableKbps: 1500, rttMs: 40, lossPct: 0 };
    expect(watch.sample('a', low)).to.equal(false);
    expect(watch.sample('a', low)).to.equal(false);
    expect(watch.sample('a', fine)).to.equal(false, 'a good sample starts the count again');
    expect(watch.sample('a', low)).to.equal(false);
    expect(watch.sample('b', fine)).to.equal(false);
    expect(watch.sample('a', low)).to.equal(false);
    expect(watch.sample('a', low)).to.equal(true, `${AUDIO_ONLY_AFTER_SAMPLES} low samples in a row`);
    expect(watch.sample('c', { availableKbps: null, rttMs: 900, lossPct: 0 })).to.equal(false);
    watch.forget();
    expect(watch.sample('a', low)).to.equal(false, 'forgotten: counts afresh');
  });

  it('rates the network from round trip and loss', () => {
    expect(networkQuality({ rttMs: 40, lossPct: 0 })).to.equal('good');
    expect(networkQuality({ rttMs: null, lossPct: 0 })).to.equal('good');
    expect(networkQuality({ rttMs: 200, lossPct: 0 })).to.equal('fair');
    expect(networkQuality({ rttMs: 50, lossPct: 3 })).to.equal('fair');
    expect(networkQuality({ rttMs: 500, lossPct: 0 })).to.equal('poor');
    expect(networkQuality({ rttMs: 50, lossPct: 8 })).to.equal('poor');
    expect(worstQuality(['good', 'poor', 'fair'])).to.equal('poor');
    expect(worstQuality([])).to.equal(undefined);
  });
});
