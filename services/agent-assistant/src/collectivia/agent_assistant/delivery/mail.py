"""Replies by e-mail through the collectivity's SMTP relay (the standard library's smtplib):
STARTTLS when set, a login when given. A failure says why in French and never names the
address (the agent does not see it)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.delivery.ports import Mail, MailNotSent, MailRelay

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmtpRelay(MailRelay):
    host: str
    port: int
    sender: str
    starttls: bool = True
    username: str = ""
    password: str = ""
    timeout_seconds: float = 10.0

    @property
    def configured(self) -> bool:
        return bool(self.host and self.sender)

    def send(self, mail: Mail) -> str:
        """Hand ``mail`` to the relay; its Message-ID once accepted, else ``MailNotSent``."""
        if not self.configured:
            raise MailNotSent(messages.MAIL_NOT_CONFIGURED, permanent=True)
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message_id = make_msgid(domain=self.sender.rpartition("@")[2].strip("> ") or None)
        message["Message-ID"] = message_id
        message.set_content(mail.body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout_seconds) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = sorted({code for code, _ in error.recipients.values()})
            logger.warning("the relay refused the recipient (codes %s)", codes)
            raise MailNotSent(
                messages.mail_recipient_refused(codes[0] if codes else 0),
                permanent=all(code >= 500 for code in codes),
            ) from None
        except smtplib.SMTPNotSupportedError:
            logger.warning("the relay does not offer STARTTLS")
            raise MailNotSent(messages.MAIL_NO_STARTTLS, permanent=True) from None
        except smtplib.SMTPAuthenticationError as error:
            logger.warning("the relay refused the login (code %s)", error.smtp_code)
            raise MailNotSent(messages.MAIL_LOGIN_REFUSED, permanent=True) from None
        except smtplib.SMTPResponseException as error:
            logger.warning("the relay refused the e-mail (code %s)", error.smtp_code)
            raise MailNotSent(
                messages.mail_refused(error.smtp_code), permanent=error.smtp_code >= 500
            ) from None
        except (OSError, smtplib.SMTPException) as error:
            logger.warning("the relay could not be reached: %s", type(error).__name__)
            raise MailNotSent(messages.MAIL_RELAY_UNREACHABLE, permanent=False) from None
        return message_id
