//! The booklet's self-check (适用性自查), bundled by scripts/build-booklet-search.mjs into
//! dist/booklet-check.js and inlined in the page. In: the JSON block #self-check-data (facts,
//! derived facts, the printed provisions, the booklet's date) and the panel's controls
//! (name="<fact id>"). Out: each provision's result (data-status, status, amount, reasons,
//! missing facts) updated on every input and change, with the same evaluator and words as
//! `handbook check` (src/eligibility). Nothing is stored unless the reader asks (保存到本机);
//! the answers can be exported as a profile file that `handbook check` reads.
//! Builds the DOM with textContent only.

import { check, type Decision } from '../../src/eligibility/check.js';
import { describeAlternative } from '../../src/eligibility/qualify-words.js';
import { missingLead, missingWords, shownReasons, STATUS_WORDS, validityWords } from '../../src/words/index.js';
import type { Fact, Handbook, Profile, Scalar } from '../../src/model/index.js';

interface SelfCheckData {
  handbook: Handbook;
  on: string;
  storageKey: string;
}

type Control = HTMLSelectElement | HTMLInputElement;

/** A control's answer as a profile value; undefined for 不清楚 (empty) or an invalid number. */
function answerOf(fact: Fact, control: Control): Scalar | undefined {
  const raw = control.value;
  if (raw === '') return undefined;
  if (fact.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : undefined;
  if (fact.type === 'number') {
    const n = Number(raw);
    if (!Number.isFinite(n) || (control instanceof HTMLInputElement && !control.validity.valid)) return undefined;
    return n;
  }
  return raw;
}

function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s);
}

function start(): void {
  const panel = document.getElementById('self-check');
  const dataEl = document.getElementById('self-check-data');
  const form = document.getElementById('self-check-form');
  const dateInput = document.getElementById('self-check-on') as HTMLInputElement | null;
  const summary = document.getElementById('self-check-summary');
  const note = document.getElementById('self-check-note');
  const opener = document.getElementById('self-check-open');
  const closer = document.getElementById('self-check-close');
  const heading = document.getElementById('self-check-title');
  if (!panel || !dataEl || !form || !dateInput || !summary || !note || !opener || !closer || !heading) return;
  const data = JSON.parse(dataEl.textContent ?? '{}') as SelfCheckData;
  const { handbook } = data;
  const facts = handbook.facts;
  const controls = new Map<string, Control>();
  for (const f of facts) {
    const c = form.querySelector(`[name="${CSS.escape(f.id)}"]`);
    if (c instanceof HTMLSelectElement || c instanceof HTMLInputElement) controls.set(f.id, c);
  }
  const rows = new Map<string, HTMLElement>();
  for (const row of panel.querySelectorAll<HTMLElement>('[data-provision]')) rows.set(row.dataset.provision ?? '', row);
  const grants = new Map(handbook.policies.flatMap((p) => p.provisions.map((pr) => [pr.id, pr.grants] as const)));
  const policies = new Map(handbook.policies.map((p) => [p.id, p]));

  const profile = (): Profile => {
    const out: Profile = {};
    for (const f of facts) {
      const c = controls.get(f.id);
      const v = c ? answerOf(f, c) : undefined;
      if (v !== undefined) out[f.id] = v;
    }
    return out;
  };

  const part = (row: HTMLElement, cls: string): HTMLElement | null => row.querySelector<HTMLElement>(`.${cls}`);

  /** At most this many ways to qualify per provision (the fewest conditions first). */
  const SHOWN_ALTERNATIVES = 3;

  const show = (d: Decision, answers: Profile) => {
    const row = rows.get(d.id);
    if (!row) return;
    row.dataset.status = d.status;
    const status = part(row, 'sc-status');
    if (status) status.textContent = STATUS_WORDS[d.status];
    const amount = part(row, 'sc-amount');
    if (amount) amount.textContent = d.amount ? d.amount.text : '';
    const grant = part(row, 'sc-grants');
    if (grant) grant.textContent = d.status === 'eligible' ? (grants.get(d.id) ?? '') : '';
    const reasons = part(row, 'sc-reasons');
    if (reasons) {
      const policy = policies.get(d.policy);
      const lines = d.status === 'not_in_force' ? (policy ? [`有效期：${validityWords(policy)}`] : []) : shownReasons(d);
      reasons.replaceChildren(
        ...lines.map((r) => {
          const li = document.createElement('li');
          li.textContent = r;
          return li;
        }),
      );
    }
    const missing = part(row, 'sc-missing');
    if (missing) missing.textContent = d.missing.length > 0 ? `${missingLead(d.status)}：${missingWords(facts, d.missing)}` : '';
    // What it would take: check's toQualify (or the next better tier), in describeAlternative's words.
    const qualify = part(row, 'sc-qualify');
    if (qualify) {
      const ways =
        d.toQualify.length > 0
          ? d.toQualify.slice(0, SHOWN_ALTERNATIVES).map((alt) => describeAlternative(handbook, alt, { profile: answers }))
          : d.nextTier
            ? d.nextTier.toQualify.slice(0, 1).map((alt) => describeAlternative(handbook, alt, { profile: answers, outcome: `可享受 ${d.nextTier!.amount.text}` }))
            : [];
      qualify.replaceChildren(
        ...ways.map((w) => {
          const li = document.createElement('li');
          li.textContent = w;
          return li;
        }),
      );
    }
  };

  let lastSummary = '';
  const update = () => {
    const on = isDate(dateInput.value) ? dateInput.value : data.on;
    const answers = profile();
    const result = check(handbook, answers, { on });
    for (const d of result.decisions) show(d, answers);
    const s = result.summary;
    const given = Object.keys(answers).length;
    const text = `${on} · 已回答 ${given} 项 · 符合 ${s.eligible} 项 · 待定 ${s.undetermined} 项 · 不符合 ${s.ineligible} 项${s.not_in_force ? ` · 不在有效期内 ${s.not_in_force} 项` : ''}`;
    // Only a changed summary is written, so a screen reader announces changes, not keystrokes.
    if (text !== lastSummary) summary.textContent = lastSummary = text;
    document.body.classList.toggle('self-check-answered', given > 0 && !panel.hidden);
  };

  const open = (focus: boolean) => {
    if (panel.hidden) {
      panel.hidden = false;
      opener.setAttribute('aria-expanded', 'true');
      update();
    }
    if (focus) heading.focus();
  };
  const close = () => {
    panel.hidden = true;
    opener.setAttribute('aria-expanded', 'false');
    document.body.classList.remove('self-check-answered');
    opener.focus();
  };

  opener.addEventListener('click', () => (panel.hidden ? open(true) : close()));
  closer.addEventListener('click', close);
  // From the contents (or any link to #self-check): opened before the browser scrolls to it.
  document.addEventListener('click', (e) => {
    const a = (e.target as Element | null)?.closest?.('a[href="#self-check"]');
    if (a) open(false);
  });
  if (location.hash === '#self-check') open(false);
  window.addEventListener('hashchange', () => {
    if (location.hash === '#self-check') open(true);
  });

  form.addEventListener('input', update);
  form.addEventListener('change', update);
  document.getElementById('self-check-reset')?.addEventListener('click', () => {
    for (const c of controls.values()) c.value = '';
    dateInput.value = data.on;
    update();
  });

  const setNote = (text: string) => {
    note.textContent = text;
  };
  const answersToSave = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [id, c] of controls) if (c.value !== '') out[id] = c.value;
    return out;
  };
  document.getElementById('self-check-save')?.addEventListener('click', () => {
    try {
      localStorage.setItem(data.storageKey, JSON.stringify(answersToSave()));
      setNote('答案已保存在本机浏览器中；下次打开本页时自动填入。');
    } catch {
      setNote('本浏览器不允许本页保存数据，答案未保存。');
    }
  });
  document.getElementById('self-check-forget')?.addEventListener('click', () => {
    try {
      localStorage.removeItem(data.storageKey);
      setNote('已清除保存在本机的答案。');
    } catch {
      setNote('本浏览器不允许本页读写数据。');
    }
  });
  document.getElementById('self-check-export')?.addEventListener('click', () => {
    // A profile file `handbook check` reads: fact id → value, JSON (which is also YAML).
    const text = `${JSON.stringify(profile(), null, 2)}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = '企业画像.json';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setNote('已导出“企业画像.json”：可用 handbook check 企业画像.json 在命令行中得到同样的结果。');
  });
  document.getElementById('self-check-print')?.addEventListener('click', () => window.print());

  // Answers saved earlier (only if the reader chose 保存到本机).
  try {
    const saved = localStorage.getItem(data.storageKey);
    if (saved) {
      const values = JSON.parse(saved) as Record<string, unknown>;
      for (const [id, v] of Object.entries(values)) {
        const c = controls.get(id);
        if (c && typeof v === 'string') c.value = v;
      }
      setNote('已填入保存在本机的答案。');
    }
  } catch {
    // No storage (or unreadable): start with every answer 不清楚.
  }

  for (const el of document.querySelectorAll<HTMLElement>('.self-check-entry')) el.hidden = false;
  const bar = document.getElementById('search');
  if (bar) bar.hidden = false;
  opener.hidden = false;
}

start();
