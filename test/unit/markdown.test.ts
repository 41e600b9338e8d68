import { strict as assert } from 'node:assert';
import { markdownImageLink, nearestEndLine, relativePath, shortPrompt } from '../../src/core/markdown';

describe('markdown links', () => {
  it('keeps short prompts whole and cuts long ones at a word', () => {
    assert.equal(shortPrompt('a red fox'), 'a red fox');
    assert.equal(shortPrompt('a  red\nfox [draft]'), 'a red fox draft');
    const long = shortPrompt('a very long prompt about a lighthouse on a cliff at dusk with waves crashing below, oil painting');
    assert.ok(long.length <= 61, long);
    assert.ok(long.endsWith('…'));
    assert.ok(long.startsWith('a very long prompt about a lighthouse'));
  });

  it('makes paths relative to the document folder', () => {
    assert.equal(relativePath('/ws/docs', '/ws/assets/a.png'), '../assets/a.png');
    assert.equal(relativePath('/ws', '/ws/assets/a.png'), 'assets/a.png');
    assert.equal(relativePath('/ws/assets', '/ws/assets/a.png'), 'a.png');
    assert.equal(relativePath('/ws/a/b/c', '/ws/assets/x.png'), '../../../assets/x.png');
  });

  it('escapes spaces and parentheses in the target', () => {
    assert.equal(markdownImageLink('a fox', 'my assets/a (1).png'), '![a fox](my%20assets/a%20%281%29.png)');
    assert.equal(markdownImageLink('a fox', '../assets/a.png'), '![a fox](../assets/a.png)');
  });

  it("finds where a selection's text ended once the document changed around it: the copy nearest its old line", () => {
    const text = '# Notes\n\nA red fox\n\nmore\nA red fox\nend';
    assert.equal(nearestEndLine(text, 'A red fox', 2), 2);
    assert.equal(nearestEndLine(text, 'A red fox', 5), 5);
    assert.equal(nearestEndLine(text, 'A red fox', 0), 2);
    // Two lines were added above: the text is two lines lower.
    assert.equal(nearestEndLine(`one\ntwo\n${text}`, 'A red fox', 2), 4);
    // A selection over two lines ends on the second.
    assert.equal(nearestEndLine('intro\na fox\nin snow\nend', 'a fox\nin snow', 1), 2);
    assert.equal(nearestEndLine(text, 'a whale', 2), undefined);
    assert.equal(nearestEndLine(text, '', 2), undefined);
  });
});
