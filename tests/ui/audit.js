// The accessibility audit the UI tests run in each page (tests/ui/test_explorer_access.py):
// unlabelled controls, duplicate ids, heading order, landmarks and WCAG AA text contrast.
(() => {
  const found = {unlabelled: [], headings: [], lowContrast: [], landmarks: {}, duplicateIds: []};
  const ids = [...document.querySelectorAll("[id]")].map((el) => el.id);
  found.duplicateIds = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  // every form control has an accessible name
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden" || el.type === "submit" || el.closest("[hidden]")) continue;
    const named = (el.labels && el.labels.length) || el.getAttribute("aria-label")
      || el.getAttribute("aria-labelledby");
    if (!named) found.unlabelled.push(el.outerHTML.slice(0, 120));
  }
  // headings: one h1, first heading is the h1, never a level skipped downwards
  const levels = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => Number(h.tagName[1]));
  found.h1 = levels.filter((l) => l === 1).length;
  found.firstHeading = levels[0];
  levels.forEach((l, i) => { if (i && l > levels[i - 1] + 1) found.headings.push(`h${levels[i - 1]} -> h${l}`); });
  for (const role of ["header", "nav", "main", "footer"]) found.landmarks[role] = document.querySelectorAll(role).length;
  // contrast of every visible text node's element against its effective background
  const rgb = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = ({r, g, b}) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0.5) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("svg, .CodeMirror, .vh, option")) continue;
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || !el.getClientRects().length) continue;
    const fg = rgb(style.color); if (!fg) continue;
    const [a, b] = [lum(fg), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    if (ratio < ((size >= 24 || (size >= 18.66 && bold)) ? 3 : 4.5))
      found.lowContrast.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return found;
})
