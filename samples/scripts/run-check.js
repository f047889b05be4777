// Sample script (webhook-deploy.weft, tasks `lint`, `unitTests`, `securityScan`): a stand-in for
// a CI check that decides from the commit it is given. A commit message containing
// "[fail <check>]" makes that check fail, so the failure paths can be tried offline.
export default function runCheck({ check, commit }) {
  const message = String(commit?.message ?? '');
  const failed = message.includes(`[fail ${check}]`);
  return { check, passed: !failed, details: failed ? `${check} failed on ${commit?.sha ?? 'unknown'}` : 'ok' };
}
