import { Browser, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, uniqueEmail } from "./helpers";

// Seeding through the app's own server-function endpoints (`/api/<endpoint>`), so a spec can
// start from a climber with weeks of data in a few hundred milliseconds instead of typing it.
// `page.request` shares the page's cookie jar: after `newClimber` every call (and every page
// the test opens) is that climber's.
//
// Encodings (see src/api/*.rs): endpoints declared `input = Json` take a JSON object of the
// function's arguments; the others take form-urlencoded fields.

/**
 * A page of its own for a `test.describe.configure({ mode: "serial" })` file whose tests share
 * one climber (opened in `beforeAll`, where the `page` fixture is not available).
 */
export async function sharedPage(browser: Browser, info: TestInfo): Promise<Page> {
  // A context of its own (close it with `page.context().close()`); axe needs one too.
  const context = await browser.newContext({ baseURL: info.project.use.baseURL });
  return context.newPage();
}

/** Posts to a JSON-encoded server function and returns its parsed answer (throws on an error). */
export async function apiJson<T = any>(page: Page, endpoint: string, args: Record<string, unknown> = {}): Promise<T> {
  const r = await page.request.post(`/api/${endpoint}`, { data: args });
  const body = await r.text();
  expect(r.status(), `${endpoint}: ${body}`).toBe(200);
  return (body ? JSON.parse(body) : null) as T;
}

/** Posts to a form-encoded server function and returns its body as text (throws on an error). */
export async function apiForm(page: Page, endpoint: string, fields: Record<string, string> = {}): Promise<string> {
  const r = await page.request.post(`/api/${endpoint}`, { form: fields });
  const body = await r.text();
  expect(r.status(), `${endpoint}: ${body}`).toBe(200);
  return body;
}

export interface Climber {
  email: string;
  password: string;
}

/** Signs a fresh climber up through the endpoint (no page load); the page is then signed in. */
export async function newClimber(page: Page, tag: string): Promise<Climber> {
  const email = uniqueEmail(tag);
  await apiForm(page, "signup", { email, password: PASSWORD });
  return { email, password: PASSWORD };
}

/** Logs an existing climber in through the endpoint; the page is then signed in as them. */
export async function logIn(page: Page, climber: Climber): Promise<void> {
  await apiForm(page, "login", { email: climber.email, password: climber.password });
}

// Sign-ups are limited to 20 an hour per address, and the whole suite comes from one: tests
// that need a climber but not a brand-new one share one per key (per worker process).
const shared = new Map<string, Climber>();

/**
 * The climber for `key`: signed up the first time, logged in (in this page's context) after.
 * Use it only where the test does not depend on what earlier tests with the same key left.
 */
export async function sharedClimber(page: Page, key: string): Promise<Climber> {
  const known = shared.get(key);
  if (known) {
    await logIn(page, known);
    return known;
  }
  const climber = await newClimber(page, key);
  shared.set(key, climber);
  return climber;
}

/** The climber remembered under `key`, if any (without logging in). */
export function knownClimber(key: string): Climber | undefined {
  return shared.get(key);
}

/** Remembers a climber signed up some other way (e.g. through the form) under `key`. */
export function rememberClimber(key: string, climber: Climber) {
  shared.set(key, climber);
}

/** The server's date (UTC), YYYY-MM-DD, as the journal sees it. */
export async function serverToday(page: Page): Promise<string> {
  const list = await apiJson(page, "journal/list", { query: { from: "", to: "", kind: "", text: "", page: 1 } });
  return list.today as string;
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday a program generated today starts on (today when it is a Monday). */
export function programStart(today: string): string {
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return weekday === 0 ? today : addDays(today, 7 - weekday);
}

/** A target date that gives a program of exactly `weeks` weeks (4..12) generated today. */
export function targetForWeeks(today: string, weeks: number): string {
  return addDays(programStart(today), 7 * weeks - 1);
}

function blankTests() {
  return {
    bodyweight_kg: "", max_hang_added_kg: "", max_hang_seconds: "", pull_kind: "", pull_value: "",
    endurance_kind: "", endurance_value: "", power_kind: "", power_value: "", core_kind: "",
    core_value: "", leg_span_cm: "",
  };
}

export interface OnboardingOptions {
  goal?: string;
  hardestBoulder?: string;
  yearsClimbing?: string;
  bodyweight?: string;
  daysPerWeek?: string;
  sessionLength?: string;
  equipment?: string[];
  /** Program length in weeks (4..12); by default the app's own choice. */
  weeks?: number;
  /** About you (both optional, blank by default): "55", "yes" / "no". */
  age?: string;
  hangboardHistory?: string;
}

/**
 * Walks the seven onboarding steps through `onboarding/save`, as the page does. The app then
 * holds the first assessment and an active program. Returns the final onboarding view.
 */
export async function finishOnboarding(page: Page, o: OnboardingOptions = {}) {
  const today = await serverToday(page);
  const answers = {
    goal: o.goal ?? "7a+ boulder",
    goal_grade: "",
    target_date: o.weeks ? targetForWeeks(today, o.weeks) : "",
    hardest_boulder: o.hardestBoulder ?? "6c+",
    hardest_route: "",
    years_climbing: o.yearsClimbing ?? "three years",
    confidence: "",
    tests: { ...blankTests(), bodyweight_kg: o.bodyweight ?? "70", pull_kind: "max_reps", pull_value: "8" },
    days_per_week: o.daysPerWeek ?? "3",
    session_length: o.sessionLength ?? "2 hours",
    equipment: o.equipment ?? ["hangboard"],
    injuries: "",
    age: o.age ?? "",
    hangboard_history: o.hangboardHistory ?? "",
  };
  let view: any = null;
  for (const step of ["goal", "level", "check", "schedule", "equipment", "about_you"]) {
    view = await apiJson(page, "onboarding/save", { step, answers, direction: "next" });
  }
  expect(view.finished, JSON.stringify(view)).toBe(true);
  return view;
}

export interface AssessmentOptions {
  /** Program length in weeks (4..12) that a program generated today will have. */
  weeks?: number;
  hardestBoulder?: string;
  yearsClimbing?: string;
  daysPerWeek?: string;
  sessionMinutes?: string;
  equipment?: string[];
}

/** Finishes an assessment through `assessment/finish`; returns the assessment's id. */
export async function takeAssessment(page: Page, o: AssessmentOptions = {}): Promise<string> {
  const today = await serverToday(page);
  const draft = {
    background: {
      years_climbing: o.yearsClimbing ?? "4",
      hardest_boulder: o.hardestBoulder ?? "V5",
      hardest_boulder_style: "redpoint",
      hardest_route: "7a",
      hardest_route_style: "redpoint",
      goal_discipline: "boulder",
      goal_grade: "V7",
      target_date: targetForWeeks(today, o.weeks ?? 12),
      days_per_week: o.daysPerWeek ?? "3",
      session_minutes: o.sessionMinutes ?? "90",
      equipment: o.equipment ?? ["gym", "hangboard"],
      injuries: "",
    },
    tests: {
      ...blankTests(),
      bodyweight_kg: "70",
      max_hang_added_kg: "10",
      max_hang_seconds: "10",
      pull_kind: "max_reps",
      pull_value: "12",
    },
  };
  return apiJson<string>(page, "assessment/finish", { draft });
}

/** Takes an assessment for a `weeks`-week program and generates it (replacing any active one). */
export async function generateProgram(page: Page, weeks = 12) {
  await takeAssessment(page, { weeks });
  const view = await apiJson(page, "programs/generate", { replace: true });
  return view;
}

export const KINDS = ["bouldering", "sport", "board", "hangboard", "trad", "strength", "endurance", "mobility", "rest"] as const;
export type Kind = (typeof KINDS)[number];

/** Words in the seeded notes, each in a known set of entries (see `seededEntry`). */
export const NOTE_WORDS = ["crimpy", "slab", "dyno"] as const;

export interface SeededEntry {
  date: string;
  kind: Kind;
  location: string;
  duration: number;
  rpe: number | null;
  climbs: string;
  pain: string;
  notes: string;
}

/**
 * Entry `i` (0 = newest) of a seeded journal ending on `newest`: one a day going back, kinds in
 * turn, grades in four systems (V, Font, French, YDS), a pain flag on every 7th, and the note
 * words: "crimpy" on every 3rd entry, "slab" on every 5th, "dyno" only on entry 44.
 */
export function seededEntry(i: number, newest: string): SeededEntry {
  const kind = KINDS[i % KINDS.length];
  const boulder = ["V3 redpoint x2; V4 flash", "6B+ redpoint; 6C onsight", "V5 redpoint x4", "7A attempt x3"][i % 4];
  const route = ["6c redpoint x2; 7a flash", "5.11a onsight", "5.10d redpoint; 5.11b attempt x2", "6b+ repeat"][i % 4];
  const climbs = kind === "bouldering" || kind === "board" ? boulder : kind === "sport" || kind === "trad" ? route : "";
  const words = [`session ${i + 1}`];
  if (i % 3 === 0) words.push("crimpy");
  if (i % 5 === 0) words.push("slab");
  if (i === 44) words.push("dyno");
  return {
    date: addDays(newest, -i),
    kind,
    location: ["The Arch", "Castle", "Fontainebleau", "Home wall"][i % 4],
    duration: kind === "rest" ? 0 : 30 + (i % 6) * 15,
    rpe: kind === "rest" ? null : 4 + (i % 6),
    climbs,
    pain: i % 7 === 3 ? "left ring finger: a bit sore" : "",
    notes: words.join(" "),
  };
}

function csvCell(s: string) {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Imports `n` varied entries (see `seededEntry`) through `journal/import`, newest on `newest`
 * (default: the server's today). Returns the entries, newest first.
 */
export async function addJournalEntries(page: Page, n: number, newest?: string): Promise<SeededEntry[]> {
  const end = newest ?? (await serverToday(page));
  const entries = Array.from({ length: n }, (_, i) => seededEntry(i, end));
  const header = "date,kind,location,duration_min,rpe,energy,sleep,mood,climbs,pain,notes,tags";
  const rows = entries.map((e) =>
    [e.date, e.kind, e.location, e.duration ? String(e.duration) : "", e.rpe ? String(e.rpe) : "", "3", "4", "3", e.climbs, e.pain, e.notes, "seeded"]
      .map(csvCell)
      .join(","),
  );
  const report = await apiJson(page, "journal/import", { csv: [header, ...rows].join("\n"), mode: "all" });
  expect(report.saved, JSON.stringify(report.rows.filter((r: any) => !r.ok))).toBe(n);
  return entries;
}

export interface SeededThread {
  id: string;
  title: string;
}

/**
 * Starts `n` conversations with `messagesEach` climber messages each (the coach answers every
 * one; without a model key that is the offline coach). Returns them, oldest first.
 */
export async function addConversations(page: Page, n: number, messagesEach = 1): Promise<SeededThread[]> {
  const out: SeededThread[] = [];
  for (let t = 0; t < n; t++) {
    const thread = JSON.parse(await apiForm(page, "chat/new"));
    for (let m = 0; m < messagesEach; m++) {
      const text = m === 0 ? `Question ${t + 1}: how do I train for overhangs?` : `Follow-up ${m} on thread ${t + 1}`;
      // The reply streams as JSON lines; reading the whole body waits for the turn to end.
      await apiForm(page, "chat/turn", { thread_id: thread.id, text });
    }
    const view = JSON.parse(await apiForm(page, "chat/thread", { id: thread.id }));
    out.push({ id: thread.id, title: view.thread.title });
  }
  return out;
}
