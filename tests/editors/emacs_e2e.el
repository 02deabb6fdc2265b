;;; emacs_e2e.el --- drive asl-lsp through eglot in `emacs --batch'  -*- lexical-binding: t -*-
;; Loads the README's snippet (ASL_SNIPPET), opens each fixture (ASL_FIXTURES, separated by
;; path-separator) the way a user does, and records what eglot shows: diagnostics, completion,
;; hover, definition, a quick fix and a rename. Results go to ASL_OUT as JSON for pytest.
(require 'cl-lib)
(require 'json)
(require 'subr-x)

;; An interactive Emacs activates installed packages (yaml-mode, eglot on Emacs 28) at start-up;
;; --batch does not.
(package-initialize)
(load (getenv "ASL_SNIPPET") nil t)
(require 'eglot)

(defun asl-e2e-idle ()
  "Run the idle timers, as an interactive Emacs does when the user pauses.
--batch never goes idle, and eglot (sending changes) and Flymake (asking for a new report)
both wait for idleness."
  (dolist (timer (copy-sequence timer-idle-list))
    (when (memq timer timer-idle-list)
      (timer-event-handler timer))))

(defun asl-e2e-wait (predicate seconds)
  "Let processes and timers run until PREDICATE holds or SECONDS pass."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (run-hooks 'post-command-hook)
      ;; Redisplay runs this hook; Flymake waits for it before checking a buffer.
      (run-hooks 'window-configuration-change-hook)
      (asl-e2e-idle))
    (funcall predicate)))

(defun asl-e2e-goto (line needle)
  "Point on the first character of NEEDLE in 1-based LINE."
  (goto-char (point-min))
  (forward-line (1- line))
  (search-forward needle (line-end-position))
  (goto-char (match-beginning 0)))

(defun asl-e2e-diagnostics ()
  (mapcar (lambda (d)
            (list (cons 'line (line-number-at-pos (flymake-diagnostic-beg d)))
                  (cons 'text (flymake-diagnostic-text d))))
          (flymake-diagnostics)))

(defun asl-e2e-hover ()
  (let ((answer (jsonrpc-request (eglot--current-server-or-lose) :textDocument/hover
                                 (eglot--TextDocumentPositionParams))))
    (let ((contents (plist-get answer :contents)))
      (cond ((stringp contents) contents)
            ((plist-get contents :value))
            (t (format "%S" contents))))))

(defun asl-e2e-completion ()
  (let* ((capf (eglot-completion-at-point))
         (table (nth 2 capf)))
    (all-completions "" table)))

(defun asl-e2e-quick-fix (line needle)
  "Apply the quick fix offered on NEEDLE in LINE, as `eglot-code-actions' does interactively."
  (asl-e2e-goto line needle)
  (let ((beg (point)) (end (+ (point) (length needle))))
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &rest _) (caar collection)))
              ((symbol-function 'y-or-n-p) (lambda (&rest _) t)))
      (eglot-code-actions beg end "quickfix" t))))

(defun asl-e2e-one (file spec)
  "Open FILE and run every step; SPEC is an alist of positions for this fixture."
  (let ((result (list (cons 'file file))) (start (float-time)))
    (find-file file)
    ;; The command loop runs `post-command-hook' after `find-file'; `eglot-ensure' relies on it.
    (run-hooks 'post-command-hook)
    (push (cons 'mode (symbol-name major-mode)) result)
    (push (cons 'managed (and (asl-e2e-wait (lambda () (bound-and-true-p eglot--managed-mode)) 30) t))
          result)
    (let ((server (eglot-current-server)))
      (push (cons 'server (and server (string-join (process-command (jsonrpc--process server)) " ")))
            result))
    (asl-e2e-wait (lambda () (flymake-diagnostics)) 30)
    (push (cons 'diagnostics (asl-e2e-diagnostics)) result)
    (apply #'asl-e2e-goto (alist-get 'completion spec))
    (forward-char 1)
    (push (cons 'completion (asl-e2e-completion)) result)
    (apply #'asl-e2e-goto (alist-get 'hover spec))
    (push (cons 'hover (asl-e2e-hover)) result)
    (apply #'asl-e2e-goto (alist-get 'definition spec))
    (let ((xref-prompt-for-identifier nil))
      (call-interactively #'xref-find-definitions))
    (push (cons 'definition_line (line-number-at-pos)) result)
    (apply #'asl-e2e-quick-fix (alist-get 'quickfix spec))
    (push (cons 'after_fix (buffer-substring-no-properties (point-min) (point-max))) result)
    (asl-e2e-wait (lambda () (null (flymake-diagnostics))) 30)
    (push (cons 'diagnostics_after_fix (asl-e2e-diagnostics)) result)
    (apply #'asl-e2e-goto (alist-get 'rename spec))
    (eglot-rename "Done")
    (push (cons 'after_rename (buffer-substring-no-properties (point-min) (point-max))) result)
    (set-buffer-modified-p nil)
    (push (cons 'seconds (- (float-time) start)) result)
    result))

(defun asl-e2e-other (file)
  "A plain JSON/YAML FILE: its usual mode, no ASL server."
  (find-file file)
  (run-hooks 'post-command-hook)
  (asl-e2e-wait (lambda () nil) 1)
  (list (cons 'file file)
        (cons 'mode (symbol-name major-mode))
        (cons 'managed (and (bound-and-true-p eglot--managed-mode) t))))

(let ((out (list (cons 'emacs emacs-version))))
  (condition-case err
      (let ((specs (car (read-from-string (getenv "ASL_SPECS")))))
        (push (cons 'asl (mapcar (lambda (s) (asl-e2e-one (car s) (cdr s))) specs)) out)
        (push (cons 'other (mapcar #'asl-e2e-other
                                   (split-string (getenv "ASL_OTHER_FILES") path-separator t)))
              out))
    (error (push (cons 'error (error-message-string err)) out)))
  (with-temp-file (getenv "ASL_OUT")
    (insert (json-encode out)))
  (ignore-errors (eglot-shutdown-all))
  (kill-emacs 0))
