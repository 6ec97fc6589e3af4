"""Changing a user's password through the accounts API.

The session can also live in a cache; the URL names its password slot::

    cache = Cache("redis://:authpassword@cache.internal:6379/2")
    store = Store("mongodb://reporting:psw@db.internal:27017/reports")
"""


def change_password(client, user_id):
    current_pass = 'old_pass'
    new_pass = 'new_pass'
    return client.users.update_password(user_id, original=current_pass, password=new_pass)


ROOT_URL = "postgres://postgres:postgresrootpassword@127.0.0.1:5432/postgres"
