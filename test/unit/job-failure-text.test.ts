import assert from "node:assert/strict";
import { test } from "node:test";
import { AgentRequestError } from "../../agent/client";
import { AppError } from "../../lib/errors";
import { describeFailure } from "../../lib/jobs/failure-kind";
import { jobErrorFor } from "../../lib/jobs/job-error-for";

const generic = "The plan change could not be completed; reference job-1";
const describe = (error: unknown) => describeFailure({ error, action: "plan change", jobId: "job-1" });

test("AppErrors and the agent's 4xx refusals are written for people and keep their message", () => {
  const refusal = new AgentRequestError(409, "disk_in_use", "the server uses 40 MB, more than the new plan's 16 MB disk");
  assert.deepEqual(describe(refusal), { detail: refusal.message, publicText: refusal.message });
  assert.equal(describe(new AppError("unknown_template", 422, "template: no such template")).publicText, "template: no such template");
});

test("internal errors, unreachable agents and agent 5xx become a plain reason and the job's reference", () => {
  const internal = describe(new TypeError("Cannot read properties of undefined (reading 'rootfs')"));
  assert.equal(internal.publicText, generic);
  assert.match(internal.detail, /^internal error: Cannot read/);
  assert.equal(describe(new AgentRequestError(0, "agent_unreachable", "agent at http://10.0.0.5:7070 unreachable: fetch failed")).publicText, generic);
  assert.equal(describe(new AgentRequestError(500, "internal", "lxc-start exited 1: /var/lib/lxc/x/config")).publicText, generic);
  assert.equal(describe(new AppError("address_conflict", 503, "IPv4 address 10.0.0.9 was taken concurrently; retrying")).publicText, generic);
});

test("admins read a job's detail, everyone else its public text (or a reference for rows recorded without one)", () => {
  const job = { id: "job-1", error: "internal error: boom", publicError: generic };
  assert.equal(jobErrorFor(job, { role: "admin" }), "internal error: boom");
  assert.equal(jobErrorFor(job, { role: "reseller" }), generic);
  assert.equal(jobErrorFor(job, { role: "customer" }), generic);
  assert.equal(jobErrorFor({ ...job, publicError: null }, { role: "customer" }), "The request could not be completed; reference job-1");
  assert.equal(jobErrorFor({ id: "job-2", error: null, publicError: null }, { role: "customer" }), null);
});
