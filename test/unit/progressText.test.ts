import { strict as assert } from 'node:assert';
import { describeProgress } from '../../src/core/progressText';

describe('progress in words', () => {
  it('names the provider where a label is given and leaves it out where the title names it', () => {
    assert.equal(describeProgress({ stage: 'sending' }, 'PopCord'), 'Sending the prompt to PopCord…');
    assert.equal(describeProgress({ stage: 'sending' }), 'Sending the prompt…');
    assert.equal(describeProgress({ stage: 'waiting', checks: 1 }, 'ImagePipeline'), 'Waiting on ImagePipeline (1 status check)…');
    assert.equal(describeProgress({ stage: 'waiting', checks: 3 }), 'Waiting (3 status checks)…');
    assert.equal(describeProgress({ stage: 'generating', fraction: 0.426 }, 'ComfyUI'), 'ComfyUI is generating… 43%');
    assert.equal(describeProgress({ stage: 'generating', fraction: 1.7 }), 'Generating… 100%');
  });

  it('says a queue only when there is one ahead, and counts downloads from one', () => {
    assert.equal(describeProgress(undefined), 'Starting…');
    assert.equal(describeProgress({ stage: 'queued', ahead: 0 }), 'Starting…');
    assert.equal(describeProgress({ stage: 'queued', ahead: 2 }), 'Waiting for a free slot (2 in line)…');
    assert.equal(describeProgress({ stage: 'downloading', done: 0, total: 3 }), 'Downloading image 1 of 3…');
    assert.equal(describeProgress({ stage: 'downloading', done: 3, total: 3 }), 'Downloading image 3 of 3…');
    assert.equal(describeProgress({ stage: 'downloading', done: 0, total: 1 }), 'Downloading the image…');
    assert.equal(describeProgress({ stage: 'saved' }), 'Saved.');
  });
});
