/**
 * Model text that tries to get script, resources or navigation into the page:
 * the sanitization tests of the pipeline and of the component feed it all.
 */
export const ATTACKS = [
  '<script>alert(1)</script>',
  'x <img src=x onerror=alert(1)> y',
  '<iframe src="javascript:alert(1)"></iframe>',
  '[click](javascript:alert(1))',
  '[click](JAVASCRIPT:alert(1))',
  '[click](  javascript:alert(1))',
  '<a href="javascript:alert(1)">a</a>',
  '<javascript:alert(1)>',
  '![x](https://evil.example/t.png)',
  '$\\href{javascript:alert(1)}{click}$',
  '\\(\\url{javascript:alert(1)}\\)',
  '$\\htmlData{onclick=alert(1)}{x}$',
  '$\\htmlClass{x" onclick="alert(1)}{y}$',
  '$\\htmlStyle{background:url(https://evil.example)}{x}$',
  '$\\includegraphics{https://evil.example/x.png}$',
  '\\[\\text{<img src=x onerror=alert(1)>}\\]',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '```html\n<script>alert(1)</script>\n```',
  '`<img src=x onerror=alert(1)>`',
  '| <img src=x onerror=alert(1)> | b |\n|---|---|\n| 1 | 2 |',
  '**<b onmouseover=alert(1)>bold</b>**',
  '\\boxed{<script>alert(1)</script>}',
];
