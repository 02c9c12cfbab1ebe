-- The dev mailbox (recipe 44): mail the node would have sent, kept for /dev/mailbox instead.
-- Never used in prod. Times are unix milliseconds.
CREATE TABLE mailbox (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sent_at   BIGINT  NOT NULL,
    sender    TEXT    NOT NULL,
    recipient TEXT    NOT NULL,
    subject   TEXT    NOT NULL,
    -- The message's headers as they would have gone out (From, To, Subject, Date, Message-ID, …).
    headers   TEXT    NOT NULL,
    text_body TEXT    NOT NULL,
    html_body TEXT    NOT NULL
);

CREATE TABLE mailbox_attachments (
    mail_id      BIGINT  NOT NULL REFERENCES mailbox (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    filename     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    content      BYTEA   NOT NULL,
    PRIMARY KEY (mail_id, position)
);
