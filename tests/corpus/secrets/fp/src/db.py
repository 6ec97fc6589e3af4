import os

SECRET_KEY = os.environ["SECRET_KEY"]
conn_str = "postgresql://%s:%s@%s/%s" % (user, password, host, name)
url = f"mysql://{user}:{password}@{host}/shop"
DSN = "mongodb://{username}:{password}@{host}:27017/admin"
password = "%(password)s"
headers = {"Authorization": "Basic dXNlcjpwYXNz"}
