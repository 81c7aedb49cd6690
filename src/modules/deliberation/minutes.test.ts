import { describe, expect, it } from 'vitest';
import { sanitizeMinutes } from './minutes';

/** Anything that could run script or call out once the minutes are shown in a page. */
const dangerous =
  /<script|<iframe|<object|<embed|<img|<svg|<style|<form|<input|<base|<meta|<link|\son\w+=|javascript:|vbscript:|data:|style=|srcdoc/i;

// Payloads from the OWASP XSS filter evasion cheat sheet and common scanners.
const payloads = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<svg/onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<body onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JaVaScRiPt:alert(1)">click</a>',
  '<a href="jav&#x09;ascript:alert(1)">click</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">click</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
  '<a href="vbscript:msgbox(1)">click</a>',
  '<p style="background:url(javascript:alert(1))">styled</p>',
  '<p onclick="alert(1)" onmouseover="alert(2)">hover</p>',
  '<div style="width: expression(alert(1))">ie</div>',
  '<object data="https://evil.example/x.swf"></object>',
  '<embed src="https://evil.example/x.swf">',
  '<form action="https://evil.example"><input name=a></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '"><script>alert(1)</script>',
  '<<script>script>alert(1)<</script>/script>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '<table background="javascript:alert(1)"><tr><td onmouseover=alert(1)>x</td></tr></table>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<a href="https://ok.example" onclick="alert(1)">ok</a>',
];

describe('sanitizeMinutes', () => {
  it.each(payloads)('leaves nothing that could run: %s', (payload) => {
    const clean = sanitizeMinutes(`<p>会议开始</p>${payload}<p>会议结束</p>`);
    expect(clean).not.toMatch(dangerous);
    expect(clean).toContain('<p>会议开始</p>');
    // Idempotent: cleaning what was stored changes nothing.
    expect(sanitizeMinutes(clean)).toBe(clean);
  });

  it('keeps what follows a removed script or frame', () => {
    expect(
      sanitizeMinutes('<p>甲</p><script>alert(1)</script><iframe src="https://x.example"></iframe><p>乙</p>'),
    ).toBe('<p>甲</p><p>乙</p>');
  });

  it('keeps the structure of ordinary minutes', () => {
    const minutes =
      '<h2>议题一：楼道堆物</h2><p>参会：<strong>党支部</strong>、<em>业委会</em>、<u>物业公司</u>。</p>' +
      '<ul><li>一周内清理</li><li>设置公告</li></ul><ol><li>物业负责</li></ol>' +
      '<table><thead><tr><th colspan="2">表决</th></tr></thead><tbody><tr><td>赞成</td><td>12</td></tr></tbody></table>' +
      '<blockquote>居民代表发言</blockquote><hr /><p>第二行<br />换行</p>';
    expect(sanitizeMinutes(minutes)).toBe(minutes);
  });

  it('keeps web and mail links, opened apart from the page', () => {
    expect(sanitizeMinutes('<a href="https://gov.example/notice">通知</a>')).toBe(
      '<a href="https://gov.example/notice" rel="noopener noreferrer nofollow" target="_blank">通知</a>',
    );
    expect(sanitizeMinutes('<a href="mailto:office@example.cn" rel="opener" target="_self">邮件</a>')).toBe(
      '<a href="mailto:office@example.cn" rel="noopener noreferrer nofollow" target="_blank">邮件</a>',
    );
    // A protocol-relative or script link loses its address but keeps its words.
    expect(sanitizeMinutes('<a href="//evil.example/x">x</a>')).toBe(
      '<a rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
  });

  it('drops pictures, styles and classes but keeps the text around them', () => {
    expect(
      sanitizeMinutes(
        '<p class="big" style="color:red" id="x">文字<img src="https://cdn.example/a.png"></p>',
      ),
    ).toBe('<p>文字</p>');
    expect(sanitizeMinutes('<div><span>包在 div 里</span></div>')).toBe('包在 div 里');
  });

  it('turns top and bottom headings into the allowed levels', () => {
    expect(sanitizeMinutes('<h1>A</h1><h5>B</h5><h6>C</h6>')).toBe('<h2>A</h2><h4>B</h4><h4>C</h4>');
  });

  it('keeps only small numeric table spans', () => {
    expect(sanitizeMinutes('<table><tr><td colspan="2" rowspan="x" onclick="y">a</td></tr></table>')).toBe(
      '<table><tr><td colspan="2">a</td></tr></table>',
    );
    expect(sanitizeMinutes('<table><tr><td colspan="9999">a</td></tr></table>')).toBe(
      '<table><tr><td>a</td></tr></table>',
    );
  });

  it('escapes text that looks like markup', () => {
    expect(sanitizeMinutes('<p>1 < 2 & 3 > 2</p>')).toBe('<p>1 &lt; 2 &amp; 3 &gt; 2</p>');
  });
});
