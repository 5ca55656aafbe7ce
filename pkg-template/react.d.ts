// prompt-assist/react: the React binding of `Conversation`. React (18 or later) is an optional
// peer dependency of prompt-assist; only this entry imports it.
import type { Conversation, ConversationSnapshot } from './prompt-assist.js';

/**
 * The conversation's snapshot, built on React's `useSyncExternalStore`: the component re-renders
 * when it changes, at most once per chunk the running turn reads. The snapshot and every
 * unchanged turn keep their identity, so a `React.memo` turn component re-renders only for its
 * own changes.
 *
 * @example
 * const { turns, running } = useConversation(conversation);
 */
export function useConversation(conversation: Conversation): ConversationSnapshot;
