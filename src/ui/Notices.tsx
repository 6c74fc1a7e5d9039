import { dismissNotice, dismissProblems, useAppStore } from './store';

/** Settings from the link that were not used, and errors: shown until dismissed. */
export function Notices() {
  const problems = useAppStore((state) => state.problems);
  const notices = useAppStore((state) => state.notices);
  return (
    <>
      {problems.length > 0 && (
        <div className="notice" role="alert">
          <p>Some settings in the link were not used:</p>
          <ul>
            {problems.map((problem, index) => (
              <li key={index}>
                <code>
                  {problem.key}={problem.value}
                </code>{' '}
                {problem.message}
              </li>
            ))}
          </ul>
          <button type="button" onClick={dismissProblems}>
            Dismiss
          </button>
        </div>
      )}
      {notices.map((notice) => (
        <div key={notice.id} className="notice notice-error" role="alert">
          <p>{notice.text}</p>
          <button type="button" onClick={() => dismissNotice(notice.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </>
  );
}
