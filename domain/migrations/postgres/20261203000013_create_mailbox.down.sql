DROP TABLE mailbox_attachments;
DROP TABLE mailbox;
