import { expect } from '@open-wc/testing';
import { webUrl } from './web-url.js';

describe('webUrl', () => {
  it('keeps absolute http(s) URLs and refuses everything a browser could run or resolve against the page', () => {
    expect(webUrl('https://pay.example.com/checkout?o=1')).to.equal('https://pay.example.com/checkout?o=1');
    expect(webUrl('http://localhost:8080/pay')).to.equal('http://localhost:8080/pay');
    for (const bad of ['javascript:alert(1)', '\tJaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', '//evil.example/x', '/relative', 'blob:https://x/1', '', undefined]) {
      expect(webUrl(bad), String(bad)).to.equal(undefined);
    }
  });
});
